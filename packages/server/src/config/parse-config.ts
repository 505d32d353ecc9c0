import path from 'node:path';
import { CallboardError } from '@callboard/core';
import { configSchema, type RawConfig } from './config-schema.js';

/** A telephony provider's settings, as the CLI configures it. */
export interface ProviderConfigs {
  twilio?: { accountSid: string; authToken: string; fromNumber?: string | undefined };
  telnyx?: { apiKey: string; publicKey: string; connectionId: string; fromNumber?: string | undefined };
  africastalking?: { username: string; apiKey: string; callbackToken: string; fromNumber: string; sandbox: boolean };
}

/** The reference server's configuration, parsed once from flags and the environment. */
export interface CallboardConfig {
  port: number;
  host: string;
  /** `memory`, a SQLite file path (absolute), or a postgres:// URL. */
  db: string;
  apiKey: string | undefined;
  tokenSecret: string | undefined;
  publicUrl: string | undefined;
  trustProxy: boolean;
  /** Simulated calls per minute (0: off). */
  simulate: number;
  corsOrigins: string[];
  /** A directory to serve at `/` (undefined: the built dashboard if present, else a small page). */
  staticDir: string | undefined;
  bodyLimitBytes: number;
  /** Requests per second per credential (0: off). */
  rateLimit: number;
  metricsPublic: boolean;
  legacyEvents: boolean;
  /**
   * How long stored events are kept, in ms, before they are pruned (calls stay); 0 keeps every
   * event. A realtime client that resumes from an older `seq` gets a fresh snapshot.
   */
  eventRetentionMs: number;
  /**
   * How long calls are kept, in ms, counted from their start: older ones are deleted with their
   * events and leave the analytics (see `CallStore.pruneCalls`); 0 keeps every call. At least a day.
   */
  callRetentionMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  redisUrl: string | undefined;
  /** The Redis pub/sub channel of this deployment (every node of one deployment uses the same). */
  redisChannel: string | undefined;
  providers: ProviderConfigs;
}

/** Flags of `callboard start` and the variable each one sets. */
export const START_FLAGS: Readonly<Record<string, keyof RawConfig>> = {
  '--port': 'PORT',
  '--host': 'HOST',
  '--db': 'CALLBOARD_DB',
  '--simulate': 'CALLBOARD_SIMULATE',
  '--public-url': 'CALLBOARD_PUBLIC_URL',
  '--static-dir': 'CALLBOARD_STATIC_DIR',
  '--event-retention': 'CALLBOARD_EVENT_RETENTION',
  '--call-retention': 'CALLBOARD_CALL_RETENTION',
};

/** The default SQLite file, relative to the working directory. */
export const DEFAULT_DB = './.callboard/callboard.db';
/** Simulated calls per minute when no telephony provider is configured. */
export const DEFAULT_SIMULATE = 12;

/**
 * Parses `callboard start` flags and environment variables once, into a checked configuration.
 * Every problem is reported together, each naming its variable (or flag):
 * `CALLBOARD_PUBLIC_URL: An http(s) URL`. Flags win over the environment.
 *
 * @example
 * const config = parseConfig({ argv: ['--port', '4000'], env: process.env, cwd: process.cwd() });
 */
export function parseConfig(input: { argv: readonly string[]; env: Readonly<Record<string, string | undefined>>; cwd: string }): CallboardConfig {
  const values: Record<string, string | undefined> = {};
  for (const key of Object.keys(configSchema.shape)) values[key] = input.env[key];
  const names: Record<string, string> = {};
  const problems: string[] = [];
  for (let i = 0; i < input.argv.length; i++) {
    const arg = input.argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const key = START_FLAGS[flag];
    if (key === undefined) {
      problems.push(`${arg}: unknown option (see callboard --help)`);
      continue;
    }
    const value = inline ?? input.argv[++i];
    if (value === undefined) problems.push(`${flag}: needs a value`);
    values[key] = value;
    names[key] = flag;
  }
  const parsed = configSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      problems.push(`${names[key] ?? key}: ${issue.message}${values[key] === undefined || isSecret(key) ? '' : ` (got "${values[key]}")`}`);
    }
  }
  const raw = parsed.success ? parsed.data : undefined;
  const providers = raw ? providerConfigs(raw, problems) : {};
  if (problems.length > 0 || raw === undefined) {
    throw new CallboardError({
      code: 'INVALID_ARGUMENT',
      message: `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
      details: { problems },
    });
  }
  const hasProvider = Object.keys(providers).length > 0;
  return {
    port: raw.PORT ?? 3000,
    host: raw.HOST ?? '127.0.0.1',
    db: resolveDbSetting(raw.CALLBOARD_DB, input.cwd),
    apiKey: raw.CALLBOARD_API_KEY,
    tokenSecret: raw.CALLBOARD_TOKEN_SECRET,
    publicUrl: raw.CALLBOARD_PUBLIC_URL?.replace(/\/+$/, ''),
    trustProxy: raw.CALLBOARD_TRUST_PROXY ?? false,
    simulate: raw.CALLBOARD_SIMULATE ?? (hasProvider ? 0 : DEFAULT_SIMULATE),
    corsOrigins: raw.CALLBOARD_CORS_ORIGINS ?? [],
    staticDir: raw.CALLBOARD_STATIC_DIR === undefined ? undefined : path.resolve(input.cwd, raw.CALLBOARD_STATIC_DIR),
    bodyLimitBytes: raw.CALLBOARD_BODY_LIMIT ?? 1024 * 1024,
    rateLimit: raw.CALLBOARD_RATE_LIMIT ?? 50,
    metricsPublic: raw.CALLBOARD_METRICS_PUBLIC ?? false,
    legacyEvents: raw.CALLBOARD_LEGACY_EVENTS ?? false,
    eventRetentionMs: raw.CALLBOARD_EVENT_RETENTION ?? 0,
    callRetentionMs: raw.CALLBOARD_CALL_RETENTION ?? 0,
    logLevel: raw.LOG_LEVEL ?? 'info',
    redisUrl: raw.REDIS_URL,
    redisChannel: raw.CALLBOARD_REDIS_CHANNEL,
    providers,
  };
}

/**
 * What a `CALLBOARD_DB` value (or `--db`) names: `memory`, a postgres:// URL as given, or a SQLite
 * file as an absolute path (relative ones against `cwd`, a `file:` prefix dropped); unset, the
 * default file.
 */
export function resolveDbSetting(db: string | undefined, cwd: string): string {
  const value = db?.trim() || DEFAULT_DB;
  if (value === 'memory' || value === 'memory:') return 'memory';
  if (/^postgres(ql)?:\/\//i.test(value)) return value;
  return path.resolve(cwd, value.replace(/^file:/, ''));
}

const SECRET = /KEY|TOKEN|SECRET|PASSWORD/;

function isSecret(key: string): boolean {
  return SECRET.test(key);
}

/** A provider is configured when any of its variables is set; then all its required ones must be. */
function providerConfigs(raw: RawConfig, problems: string[]): ProviderConfigs {
  const providers: ProviderConfigs = {};
  const need = (group: Record<string, string | undefined>): boolean => {
    const given = Object.values(group).some((value) => value !== undefined);
    if (!given) return false;
    const missing = Object.entries(group).filter(([, value]) => value === undefined).map(([key]) => key);
    for (const key of missing) problems.push(`${key}: required with ${Object.keys(group).filter((k) => !missing.includes(k)).join(' and ')}`);
    return missing.length === 0;
  };
  if (need({ TWILIO_ACCOUNT_SID: raw.TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: raw.TWILIO_AUTH_TOKEN })) {
    providers.twilio = { accountSid: raw.TWILIO_ACCOUNT_SID!, authToken: raw.TWILIO_AUTH_TOKEN!, fromNumber: raw.TWILIO_FROM_NUMBER };
  }
  if (need({ TELNYX_API_KEY: raw.TELNYX_API_KEY, TELNYX_PUBLIC_KEY: raw.TELNYX_PUBLIC_KEY, TELNYX_CONNECTION_ID: raw.TELNYX_CONNECTION_ID })) {
    providers.telnyx = {
      apiKey: raw.TELNYX_API_KEY!,
      publicKey: raw.TELNYX_PUBLIC_KEY!,
      connectionId: raw.TELNYX_CONNECTION_ID!,
      fromNumber: raw.TELNYX_FROM_NUMBER,
    };
  }
  if (need({ AT_USERNAME: raw.AT_USERNAME, AT_API_KEY: raw.AT_API_KEY, AT_CALLBACK_TOKEN: raw.AT_CALLBACK_TOKEN, AT_FROM_NUMBER: raw.AT_FROM_NUMBER })) {
    providers.africastalking = {
      username: raw.AT_USERNAME!,
      apiKey: raw.AT_API_KEY!,
      callbackToken: raw.AT_CALLBACK_TOKEN!,
      fromNumber: raw.AT_FROM_NUMBER!,
      sandbox: raw.AT_SANDBOX ?? raw.AT_USERNAME === 'sandbox',
    };
  }
  return providers;
}
