import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallboardError } from '../errors/index.js';
import { CallLoggerError } from './call-logger-error.js';
import { createCallLogger, type CallLogger } from './create-call-logger.js';
import { startIngestTestServer, type IngestTestServer } from './__tests__/ingest-test-server.js';

const START = '2025-06-01T10:00:00.000Z';
const fixedClock = { now: () => Date.parse('2025-06-01T10:05:00.000Z') };

describe('createCallLogger', () => {
  let server: IngestTestServer;
  let logger: CallLogger;

  beforeEach(async () => {
    server = await startIngestTestServer();
  });
  afterEach(async () => {
    await logger?.close({ timeoutMs: 100 }).catch(() => undefined);
    await server.close();
  });

  function newLogger(extra: Partial<Parameters<typeof createCallLogger>[0]> = {}): CallLogger {
    logger = createCallLogger({
      url: `${server.url}/`,
      apiKey: 'cb_test_key',
      clock: fixedClock,
      retry: { minDelayMs: 1, maxDelayMs: 5 },
      ...extra,
    });
    return logger;
  }

  it('sends every operation with the bot API field names, bearer auth and JSON', async () => {
    newLogger();
    await logger.logCallStart({
      callId: 'bot-1',
      type: 'inbound',
      caller: '+254711000001',
      receiver: '+254700000000',
      startTime: START,
      language: 'sw',
      metadata: { bot: 'acme' },
    });
    await logger.updateCallTranscript('bot-1', 'Habari');
    await logger.updateCallTranscript('bot-1', { text: 'Hello', role: 'caller', at: new Date(START), isFinal: false });
    await logger.updateCallTranscript('bot-1', [{ text: 'One', role: 'bot' }, { text: 'Two', role: 'caller', id: 'u-2' }]);
    await logger.sendLiveEvent('bot-1', 'intent-detected', { intent: 'billing' });
    await logger.logCallEnd('bot-1', { status: 'success', duration: 42, satisfaction: 5, metadata: { resolved: true } });
    await logger.flush();

    const now = '2025-06-01T10:05:00.000Z';
    expect(server.received.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      {
        method: 'POST',
        path: '/api/calls',
        body: {
          callId: 'bot-1', type: 'inbound', caller: '+254711000001', receiver: '+254700000000',
          startTime: START, status: 'in-progress', language: 'sw', metadata: { bot: 'acme' },
        },
      },
      { method: 'PATCH', path: '/api/calls/bot-1/transcript', body: { text: 'Habari', at: now, isFinal: true } },
      { method: 'PATCH', path: '/api/calls/bot-1/transcript', body: { text: 'Hello', role: 'caller', at: START, isFinal: false } },
      {
        method: 'PATCH',
        path: '/api/calls/bot-1/transcript',
        body: {
          segments: [
            { text: 'One', role: 'bot', at: '2025-06-01T10:05:00.001Z', isFinal: true },
            { id: 'u-2', text: 'Two', role: 'caller', at: '2025-06-01T10:05:00.002Z', isFinal: true },
          ],
        },
      },
      { method: 'POST', path: '/api/calls/bot-1/events', body: { name: 'intent-detected', data: { intent: 'billing' } } },
      {
        method: 'PATCH',
        path: '/api/calls/bot-1',
        body: { status: 'success', endTime: now, duration: 42, satisfaction: 5, metadata: { resolved: true } },
      },
    ]);
    for (const request of server.received) {
      expect(request.authorization).toBe('Bearer cb_test_key');
      expect(request.contentType).toBe('application/json');
    }
  });

  it('accepts direction as an alias of type and encodes call ids in paths', async () => {
    newLogger();
    await logger.logCallStart({ callId: 'a/b c', direction: 'outbound', caller: '1', receiver: '2' });
    await logger.updateCallTranscript('a/b c', 'hi');
    await logger.flush();
    expect(server.received[0]!.body).toMatchObject({ callId: 'a/b c', type: 'outbound', startTime: '2025-06-01T10:05:00.000Z' });
    expect(server.received[1]!.path).toBe('/api/calls/a%2Fb%20c/transcript');
  });

  it('generates one idempotency key per operation and keeps it across retries', async () => {
    newLogger();
    let failures = 2;
    server.script = (request) =>
      request.path.endsWith('/transcript') && failures-- > 0 ? { status: 500, body: { error: { code: 'INTERNAL' } } } : undefined;
    await logger.logCallStart({ callId: 'c1', type: 'inbound', caller: '1', receiver: '2' });
    await logger.updateCallTranscript('c1', 'line');
    await logger.logCallEnd('c1', { status: 'completed' });
    await logger.flush();

    const keys = server.received.map((request) => request.idempotencyKey);
    expect(server.received.map((r) => r.path)).toEqual([
      '/api/calls', '/api/calls/c1/transcript', '/api/calls/c1/transcript', '/api/calls/c1/transcript', '/api/calls/c1',
    ]);
    expect(keys[1]).toBeTruthy();
    expect(keys[2]).toBe(keys[1]);
    expect(keys[3]).toBe(keys[1]);
    expect(new Set(keys).size).toBe(3);
    expect(server.applied.get('c1')).toEqual(['start', 'transcript:line', 'end:completed']);
  });

  it('keeps one call in order while its request is retried, and lets other calls go ahead', async () => {
    newLogger({ retry: { minDelayMs: 20, maxDelayMs: 20 } });
    let startAttempts = 0;
    let releaseSlowCall!: () => void;
    const slowCallReleased = new Promise<void>((resolve) => (releaseSlowCall = resolve));
    server.script = (request) => {
      if (request.path === '/api/calls' && request.body.callId === 'slow') {
        startAttempts++;
        // The slow call's start keeps failing until the fast call is complete on the server.
        if (server.applied.get('fast')?.includes('end:completed')) releaseSlowCall();
        else return { status: 500 };
      }
      return undefined;
    };
    await logger.logCallStart({ callId: 'slow', type: 'inbound', caller: '1', receiver: '2' });
    await logger.updateCallTranscript('slow', 'first');
    await logger.updateCallTranscript('slow', 'second');
    await logger.logCallEnd('slow', { status: 'completed' });
    await logger.logCallStart({ callId: 'fast', type: 'inbound', caller: '3', receiver: '4' });
    await logger.updateCallTranscript('fast', 'only');
    await logger.logCallEnd('fast', { status: 'completed' });
    await slowCallReleased;
    await logger.flush();

    expect(startAttempts).toBeGreaterThan(1);
    expect(server.applied.get('fast')).toEqual(['start', 'transcript:only', 'end:completed']);
    expect(server.applied.get('slow')).toEqual(['start', 'transcript:first', 'transcript:second', 'end:completed']);
    const slowPaths = server.received.filter((r) => r.path.includes('slow') || r.body.callId === 'slow').map((r) => r.path);
    expect(slowPaths.slice(-3)).toEqual(['/api/calls/slow/transcript', '/api/calls/slow/transcript', '/api/calls/slow']);
    expect(slowPaths.slice(0, -3).every((path) => path === '/api/calls')).toBe(true);
  });

  it('drops a request the server refuses with a 4xx, reports the server code, and goes on with the call', async () => {
    const errors: CallLoggerError[] = [];
    newLogger({ onError: (error) => errors.push(error) });
    server.script = (request) =>
      request.body.text === 'too long'
        ? { status: 400, body: { error: { code: 'BAD_REQUEST', message: 'text is too long' } } }
        : undefined;
    await logger.logCallStart({ callId: 'c1', type: 'inbound', caller: '1', receiver: '2' });
    await logger.updateCallTranscript('c1', 'too long');
    await logger.logCallEnd('c1', { status: 'failed' });
    await logger.flush();

    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(error).toBeInstanceOf(CallLoggerError);
    expect(CallboardError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'BAD_REQUEST', statusCode: 400, serverCode: 'BAD_REQUEST', operation: 'call.transcript', callId: 'c1', isRetryable: false,
      message: 'text is too long',
    });
    expect(server.received.filter((r) => r.body.text === 'too long')).toHaveLength(1);
    expect(server.applied.get('c1')).toEqual(['start', 'end:failed']);
    expect(logger.pending).toBe(0);
  });

  it('derives the code from the status when the server sends none of ours', async () => {
    const errors: CallLoggerError[] = [];
    newLogger();
    logger.on('error', (error) => errors.push(error));
    server.script = () => ({ status: 401, body: 'nope' });
    await logger.logCallStart({ callId: 'c1', type: 'inbound', caller: '1', receiver: '2' });
    await logger.flush();
    expect(errors.map((e) => [e.code, e.statusCode, e.serverCode])).toEqual([['UNAUTHORIZED', 401, undefined]]);
  });

  it('retries 408 and 429 instead of dropping them', async () => {
    newLogger();
    const answers = [408, 429];
    server.script = () => {
      const status = answers.shift();
      return status === undefined ? undefined : { status, headers: { 'retry-after': '0' } };
    };
    const retries: string[] = [];
    logger.on('retry', (retry) => retries.push(`${retry.error.code}/${retry.scope}`));
    await logger.logCallStart({ callId: 'c1', type: 'inbound', caller: '1', receiver: '2' });
    await logger.flush();
    expect(retries).toEqual(['TIMEOUT/entry', 'RATE_LIMITED/server']);
    expect(server.applied.get('c1')).toEqual(['start']);
  });

  it('keeps queueing while the server is down and delivers once it is back', async () => {
    newLogger();
    await server.down();
    const networkErrors: string[] = [];
    logger.on('retry', (retry) => networkErrors.push(retry.error.code));
    await logger.logCallStart({ callId: 'c1', type: 'inbound', caller: '1', receiver: '2' });
    await logger.updateCallTranscript('c1', 'while down');
    await expect.poll(() => networkErrors.length).toBeGreaterThan(2);
    expect(logger.pending).toBe(2);
    await server.up();
    await logger.flush();
    expect(networkErrors.every((code) => code === 'NETWORK_ERROR')).toBe(true);
    expect(server.applied.get('c1')).toEqual(['start', 'transcript:while down']);
  });

  it('refuses new requests with OUTBOX_FULL at its bound', async () => {
    newLogger({ maxQueued: 2 });
    await server.down();
    await logger.logCallStart({ callId: 'c1', type: 'inbound', caller: '1', receiver: '2' });
    await logger.updateCallTranscript('c1', 'one');
    await expect(logger.updateCallTranscript('c1', 'two')).rejects.toMatchObject({ code: 'OUTBOX_FULL', details: { maxEntries: 2 } });
    expect(logger.pending).toBe(2);
  });

  it('rejects flush with TIMEOUT when the server stays down, and close keeps what it could not send', async () => {
    const saved: unknown[][] = [];
    newLogger({ outbox: { load: async () => [], save: async (entries) => void saved.push([...entries]) } });
    await server.down();
    await logger.logCallStart({ callId: 'c1', type: 'inbound', caller: '1', receiver: '2' });
    await expect(logger.flush({ timeoutMs: 50 })).rejects.toMatchObject({ code: 'TIMEOUT', details: { pending: 1 } });
    await expect(logger.close({ timeoutMs: 50 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(saved.at(-1)).toHaveLength(1);
    await expect(logger.updateCallTranscript('c1', 'late')).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
  });

  it('rejects bad arguments with INVALID_ARGUMENT and queues nothing', async () => {
    newLogger();
    await expect(logger.logCallStart({ callId: '', type: 'inbound', caller: '1', receiver: '2' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'callId' } });
    await expect(logger.logCallStart({ callId: 'c', caller: '1', receiver: '2' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'type' } });
    await expect(logger.logCallStart({ callId: 'c', type: 'inbound', caller: '1', receiver: '2', startTime: 'yesterday' })).rejects.toMatchObject({ details: { field: 'startTime' } });
    await expect(logger.logCallEnd('c', { status: 'completed', duration: Number.NaN })).rejects.toMatchObject({ details: { field: 'duration' } });
    expect(logger.pending).toBe(0);
    expect(() => createCallLogger({ url: 'calls.example.com' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('sends no Authorization header without an api key (dev-mode server)', async () => {
    newLogger({ apiKey: undefined });
    await logger.logCallStart({ callId: 'c1', type: 'inbound', caller: '1', receiver: '2' });
    await logger.flush();
    expect(server.received[0]!.authorization).toBeUndefined();
  });
});

describe('createCallLogger with an unreadable outbox storage', () => {
  it('fails logger calls with the storage error instead of starting empty', async () => {
    const broken = new Error('disk on fire');
    const logger = createCallLogger({
      url: 'http://127.0.0.1:9',
      outbox: { load: async () => Promise.reject(broken), save: async () => undefined },
    });
    await expect(logger.logCallStart({ callId: 'c1', type: 'inbound', caller: '1', receiver: '2' })).rejects.toBe(broken);
    await expect(logger.flush({ timeoutMs: 10 })).rejects.toBe(broken);
  });
});

describe('createCallLogger transcript times', () => {
  it('keeps lines logged in the same millisecond in order by stepping their time', async () => {
    const server = await startIngestTestServer();
    const logger = createCallLogger({ url: server.url, clock: fixedClock });
    await logger.logCallStart({ callId: 'c1', type: 'inbound', caller: '1', receiver: '2' });
    await logger.updateCallTranscript('c1', 'one');
    await logger.updateCallTranscript('c1', [{ text: 'two' }, { text: 'three' }]);
    await logger.updateCallTranscript('c1', { text: 'explicit', at: START });
    await logger.updateCallTranscript('c1', 'four');
    await logger.close();
    await server.close();
    const times = server.received.slice(1).flatMap((r) => (r.body.segments as Array<{ at: string }> | undefined)?.map((s) => s.at) ?? [r.body.at]);
    expect(times).toEqual([
      '2025-06-01T10:05:00.000Z',
      '2025-06-01T10:05:00.001Z',
      '2025-06-01T10:05:00.002Z',
      START,
      '2025-06-01T10:05:00.003Z',
    ]);
  });
});
