import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIMULATE, parseConfig } from './parse-config.js';

const cwd = '/srv/callboard';
const parse = (env: Record<string, string> = {}, argv: string[] = []) => parseConfig({ argv, env, cwd });
const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    return (error as { details: { problems: string[] } }).details.problems;
  }
  throw new Error('expected the configuration to be refused');
};

describe('parseConfig', () => {
  it('has defaults for a fresh clone: loopback, port 3000, the SQLite file, lively simulation', () => {
    expect(parse()).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      db: path.resolve(cwd, '.callboard/callboard.db'),
      apiKey: undefined,
      simulate: DEFAULT_SIMULATE,
      trustProxy: false,
      corsOrigins: [],
      providers: {},
    });
  });

  it('lets flags win over the environment', () => {
    const config = parse({ PORT: '4000', HOST: '0.0.0.0' }, ['--port', '5000', '--db=postgres://db/calls', '--simulate', '0']);
    expect(config).toMatchObject({ port: 5000, host: '0.0.0.0', db: 'postgres://db/calls', simulate: 0 });
  });

  it('reads every provider whose variables are set, and turns the simulation off by default then', () => {
    const config = parse({
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'tok',
      AT_USERNAME: 'sandbox',
      AT_API_KEY: 'k',
      AT_CALLBACK_TOKEN: 'x'.repeat(20),
      AT_FROM_NUMBER: '+254700000000',
      CALLBOARD_CORS_ORIGINS: 'https://a.example, https://b.example',
      CALLBOARD_TRUST_PROXY: 'yes',
    });
    expect(Object.keys(config.providers)).toEqual(['twilio', 'africastalking']);
    expect(config.providers.africastalking?.sandbox).toBe(true);
    expect(config).toMatchObject({ simulate: 0, trustProxy: true, corsOrigins: ['https://a.example', 'https://b.example'] });
  });

  it('names every bad variable at once, and never echoes a secret', () => {
    const problems = problemsOf(() =>
      parse({ PORT: 'eighty', CALLBOARD_PUBLIC_URL: 'ftp://x', CALLBOARD_API_KEY: 'short-secret', CALLBOARD_TRUST_PROXY: 'maybe' }),
    );
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['CALLBOARD_API_KEY', 'CALLBOARD_PUBLIC_URL', 'CALLBOARD_TRUST_PROXY', 'PORT']);
    expect(problems.join('\n')).not.toContain('short-secret');
    expect(problems.join('\n')).toContain('(got "eighty")');
  });

  it('reads the event retention as a duration with a unit, 0 or unset keeping every event', () => {
    expect(parse().eventRetentionMs).toBe(0);
    expect(parse({ CALLBOARD_EVENT_RETENTION: '30d' }).eventRetentionMs).toBe(30 * 86_400_000);
    expect(parse({ CALLBOARD_EVENT_RETENTION: '30d' }, ['--event-retention', '12h']).eventRetentionMs).toBe(12 * 3_600_000);
    expect(parse({}, ['--event-retention=90m']).eventRetentionMs).toBe(90 * 60_000);
    expect(parse({ CALLBOARD_EVENT_RETENTION: '45s' }).eventRetentionMs).toBe(45_000);
    expect(parse({ CALLBOARD_EVENT_RETENTION: '0' }).eventRetentionMs).toBe(0);
    for (const bad of ['30', '1w', '-1d', '1.5h', 'forever']) {
      expect(problemsOf(() => parse({ CALLBOARD_EVENT_RETENTION: bad }))).toEqual([
        `CALLBOARD_EVENT_RETENTION: A whole number with a unit, s, m, h or d (30d, 12h), or 0 (got "${bad}")`,
      ]);
    }
    expect(problemsOf(() => parse({}, ['--event-retention', '2w']))[0]).toMatch(/^--event-retention: A whole number/);
  });

  it('reads the call retention as a duration of at least a day, 0 or unset keeping every call', () => {
    expect(parse().callRetentionMs).toBe(0);
    expect(parse({ CALLBOARD_CALL_RETENTION: '365d' }).callRetentionMs).toBe(365 * 86_400_000);
    expect(parse({}, ['--call-retention', '24h']).callRetentionMs).toBe(86_400_000);
    expect(parse({ CALLBOARD_CALL_RETENTION: '0' }).callRetentionMs).toBe(0);
    expect(problemsOf(() => parse({ CALLBOARD_CALL_RETENTION: '12h' }))).toEqual([
      'CALLBOARD_CALL_RETENTION: At least 1d, or 0: a call that started less than a day ago may still be in progress (got "12h")',
    ]);
    expect(problemsOf(() => parse({}, ['--call-retention', '1w']))[0]).toMatch(/^--call-retention: A whole number/);
  });

  it('names the missing half of a provider', () => {
    expect(problemsOf(() => parse({ TWILIO_AUTH_TOKEN: 'tok' }))).toEqual(['TWILIO_ACCOUNT_SID: required with TWILIO_AUTH_TOKEN']);
  });

  it('names unknown and incomplete flags', () => {
    expect(problemsOf(() => parse({}, ['--prot', '1', '--host']))).toEqual(['--prot: unknown option (see callboard --help)', '1: unknown option (see callboard --help)', '--host: needs a value']);
  });
});
