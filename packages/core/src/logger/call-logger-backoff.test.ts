import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../testing/fake-clock.js';
import { createCallLogger, type CallLogger } from './create-call-logger.js';
import type { LoggerRetry } from './outbox-dispatcher.js';
import { startIngestTestServer, type IngestTestServer, type ScriptedAnswer } from './__tests__/ingest-test-server.js';

describe('call logger backoff (on a fake clock)', () => {
  let server: IngestTestServer;
  let clock: FakeClock;
  let logger: CallLogger;
  let retries: LoggerRetry[];
  let receivedAt: number[];
  let answers: Array<ScriptedAnswer | undefined>;

  beforeEach(async () => {
    server = await startIngestTestServer();
    clock = createFakeClock();
    retries = [];
    receivedAt = [];
    answers = [];
    server.script = () => {
      receivedAt.push(clock.now() - start);
      return answers.shift();
    };
    logger = createCallLogger({
      url: server.url,
      apiKey: 'k',
      clock,
      retry: { minDelayMs: 1000, maxDelayMs: 30_000, random: () => 0.5 },
    });
    // Each retry leaves exactly one wake-up timer; running it moves the fake time to its due time.
    logger.on('retry', (retry) => {
      retries.push(retry);
      setImmediate(() => clock.runAll());
    });
  });
  afterEach(async () => {
    await server.close();
  });

  const start = createFakeClock().now();

  it('waits a full-jitter exponential delay after each failure while the server is unavailable', async () => {
    answers = [{ status: 503 }, { status: 503 }, { status: 502 }];
    await logger.logCallStart({ callId: 'c1', type: 'inbound', caller: '1', receiver: '2' });
    await logger.flush({ timeoutMs: Infinity });

    // random 0.5: min + 0.5 * min(max, min * 2^n) = 1500, 2000, 3000
    expect(retries.map((r) => [r.delayMs, r.scope])).toEqual([[1500, 'server'], [2000, 'server'], [3000, 'server']]);
    expect(retries.map((r) => r.error.code)).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'INTERNAL']);
    expect(receivedAt).toEqual([0, 1500, 3500, 6500]);
  });

  it('honours Retry-After on 429 and starts over after a success', async () => {
    answers = [{ status: 429, headers: { 'retry-after': '7' } }, undefined, { status: 503 }];
    await logger.logCallStart({ callId: 'c1', type: 'inbound', caller: '1', receiver: '2' });
    await logger.updateCallTranscript('c1', 'hello');
    await logger.flush({ timeoutMs: Infinity });

    expect(retries.map((r) => r.delayMs)).toEqual([7000, 1500]);
    expect(receivedAt).toEqual([0, 7000, 7000, 8500]);
    expect(server.applied.get('c1')).toEqual(['start', 'transcript:hello']);
  });

  it('backs off one call on its own 500s while other calls keep going', async () => {
    answers = [{ status: 500 }, { status: 500 }];
    await logger.logCallStart({ callId: 'bad', type: 'inbound', caller: '1', receiver: '2' });
    await logger.flush({ timeoutMs: Infinity });
    expect(retries.map((r) => [r.delayMs, r.scope, r.attempt])).toEqual([[1500, 'entry', 1], [2000, 'entry', 2]]);
    expect(receivedAt).toEqual([0, 1500, 3500]);
  });

  it('drops a request after maxAttempts when a cap is set', async () => {
    const errors: string[] = [];
    const capped = createCallLogger({ url: server.url, clock, retry: { minDelayMs: 10, maxAttempts: 2 }, onError: (e) => errors.push(e.code) });
    capped.on('retry', () => setImmediate(() => clock.runAll()));
    answers = [{ status: 500, body: { error: { code: 'INTERNAL' } } }, { status: 500, body: { error: { code: 'INTERNAL' } } }];
    await capped.logCallStart({ callId: 'c1', type: 'inbound', caller: '1', receiver: '2' });
    await capped.flush({ timeoutMs: Infinity });
    expect(errors).toEqual(['INTERNAL']);
    expect(server.received).toHaveLength(2);
    expect(capped.pending).toBe(0);
  });
});
