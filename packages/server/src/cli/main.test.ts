import { describe, expect, it } from 'vitest';
import { main, type CliIo } from './main.js';

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    env,
    cwd: '/tmp',
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    stopSignal: () => new Promise(() => {}),
  };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

describe('callboard (the CLI)', () => {
  it('prints help for --help and help', async () => {
    for (const args of [['--help'], ['help'], ['start', '--help']]) {
      const cli = io();
      expect(await main(args, cli.value)).toBe(0);
      expect(cli.out()).toContain('callboard start [options]');
      expect(cli.out()).toContain('CALLBOARD_PUBLIC_URL');
    }
  });

  it('refuses an unknown command', async () => {
    const cli = io();
    expect(await main(['serve'], cli.value)).toBe(1);
    expect(cli.err()).toContain('unknown command "serve"');
  });

  it('exits 2 on bad configuration, naming the variable', async () => {
    const cli = io({ PORT: '99999' });
    expect(await main(['start'], cli.value)).toBe(2);
    expect(cli.err()).toContain('PORT: At most 65535');
  });

  it('refuses to listen beyond loopback without an API key, saying how to fix it', async () => {
    const cli = io({ CALLBOARD_DB: 'memory' });
    expect(await main(['start', '--host', '0.0.0.0', '--port', '0'], cli.value)).toBe(1);
    expect(cli.err()).toContain('only listens on loopback');
    expect(cli.err()).toContain('CALLBOARD_API_KEY');
  });
});

describe('callboard start (in process)', () => {
  it('says which port is taken, after closing what it opened', async () => {
    const { createServer } = await import('node:http');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const cli = io({ CALLBOARD_DB: 'memory', LOG_LEVEL: 'silent' });
    expect(await main(['start', '--port', String(port)], cli.value)).toBe(1);
    expect(cli.err()).toContain(`Cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
    await new Promise((resolve) => blocker.close(resolve));
  });

  it('says which database it cannot open and why, on stderr and without a password', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'callboard-cli-db-'));
    try {
      // Its directory would have to be where a regular file is.
      writeFileSync(path.join(dir, 'a-file'), '');
      const underFile = path.join(dir, 'a-file', 'callboard.db');
      const sqlite = io({ CALLBOARD_DB: underFile, LOG_LEVEL: 'silent' });
      expect(await main(['start', '--port', '0'], sqlite.value)).toBe(1);
      expect(sqlite.err()).toContain(`callboard: Cannot open the database ${underFile}: `);
      expect(sqlite.err()).toContain('mkdir');

      // Port 1 on loopback refuses at once.
      const postgres = io({ CALLBOARD_DB: 'postgres://callboard:s3cret-pw@127.0.0.1:1/callboard', LOG_LEVEL: 'silent' });
      expect(await main(['start', '--port', '0'], postgres.value)).toBe(1);
      expect(postgres.err()).toContain('callboard: Cannot open the database postgres://callboard:***@127.0.0.1:1/callboard: ');
      expect(postgres.err()).toContain('ECONNREFUSED');
      expect(postgres.err()).not.toContain('s3cret-pw');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
