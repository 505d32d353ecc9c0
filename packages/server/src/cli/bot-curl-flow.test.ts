import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCallboard, type CallboardProcess } from './__tests__/spawn-callboard.js';

const run = promisify(execFile);
const KEY = 'bot-flow-key-0123456789';
let dir: string;
let callboard: CallboardProcess;

/** Runs curl the way the bot integration's README does, returning the HTTP status and the body. */
async function curl(...args: string[]): Promise<{ status: number; body: any }> {
  try {
    const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_code}', ...args]);
    const lines = stdout.trimEnd().split('\n');
    const status = Number(lines.pop());
    const text = lines.join('\n');
    return { status, body: text === '' ? undefined : JSON.parse(text) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('This test needs the curl command, which is not installed');
    throw error;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'callboard-curl-'));
  callboard = await spawnCallboard(['start', '--port', '0', '--db', path.join(dir, 'calls.db')], {
    CALLBOARD_API_KEY: KEY,
    CALLBOARD_SIMULATE: '0',
  });
});

afterAll(async () => {
  callboard?.child.kill('SIGTERM');
  await callboard?.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe('the bot integration curl flow against callboard start', () => {
  it('creates TEST123 in progress, appends a transcript line, ends it, and reads it back completed', async () => {
    const { url } = callboard;
    const json = ['-H', 'Content-Type: application/json', '-H', `Authorization: Bearer ${KEY}`];

    const created = await curl('-X', 'POST', `${url}/api/calls`, ...json, '-d',
      '{"callId":"TEST123","type":"inbound","caller":"+254700000001","receiver":"+254700000002","startTime":"2026-01-15T09:30:00Z","status":"in-progress","language":"en"}');
    expect(created.status).toBe(201);
    expect(created.body.call).toMatchObject({ providerCallId: 'TEST123', status: 'in-progress', direction: 'inbound' });

    const appended = await curl('-X', 'PATCH', `${url}/api/calls/TEST123/transcript`, ...json, '-d',
      '{"text":"Hello, thank you for calling. How can I help?","role":"bot"}');
    expect(appended.status).toBe(200);

    const ended = await curl('-X', 'PATCH', `${url}/api/calls/TEST123`, ...json, '-d',
      '{"endTime":"2026-01-15T09:35:00Z","status":"success","duration":300}');
    expect(ended.status).toBe(200);

    const read = await curl(`${url}/api/calls/TEST123`, '-H', `Authorization: Bearer ${KEY}`);
    expect(read.status).toBe(200);
    expect(read.body.call).toMatchObject({
      providerCallId: 'TEST123',
      provider: 'bot',
      status: 'completed',
      durationSec: 300,
      from: '+254700000001',
      to: '+254700000002',
      language: 'en',
      startedAt: '2026-01-15T09:30:00.000Z',
      endedAt: '2026-01-15T09:35:00.000Z',
      transcript: [expect.objectContaining({ role: 'bot', text: 'Hello, thank you for calling. How can I help?' })],
    });
  });

  it('refuses the same requests without the key', async () => {
    const denied = await curl(`${callboard.url}/api/calls/TEST123`);
    expect(denied.status).toBe(401);
    expect(denied.body.error.code).toBe('UNAUTHORIZED');
  });
});
