import { afterEach, expect, it } from 'vitest';
import { createFakeClock } from '../testing/fake-clock.js';
import type { CallLoggerError } from './call-logger-error.js';
import { createCallLogger } from './create-call-logger.js';
import { startIngestTestServer, type IngestTestServer } from './__tests__/ingest-test-server.js';

const CALLS = 1000;
const OUTAGE_MS = 30_000;

let server: IngestTestServer | undefined;
afterEach(async () => {
  await server?.close();
});

// The outage is measured on the logger's fake clock, which only moves when a retry's wake-up
// timer runs: the server is really down (connections refused) for 30 s of the logger's time,
// without the test waiting 30 real seconds.
it('loses no call and applies nothing twice across a 30 s outage in the middle of 1,000 calls', async () => {
  server = await startIngestTestServer();
  const ingest = server;
  const clock = createFakeClock();
  const errors: CallLoggerError[] = [];
  const retryCodes = new Set<string>();
  const logger = createCallLogger({ url: ingest.url, apiKey: 'k', clock, onError: (error) => errors.push(error) });

  let upAt = Infinity;
  let comingUp: Promise<void> | undefined;
  logger.on('retry', (retry) => {
    retryCodes.add(retry.error.code);
    setImmediate(async () => {
      if (clock.now() >= upAt) await (comingUp ??= ingest.up());
      clock.runAll();
    });
  });

  async function logCall(index: number): Promise<void> {
    const callId = `call-${index}`;
    await logger.logCallStart({ callId, type: index % 2 ? 'inbound' : 'outbound', caller: `+1555${index}`, receiver: '+15550000' });
    await logger.updateCallTranscript(callId, { text: `first line of ${callId}`, role: 'caller' });
    await logger.updateCallTranscript(callId, { text: `second line of ${callId}`, role: 'bot' });
    await logger.logCallEnd(callId, { status: 'completed', duration: index % 300 });
  }

  for (let index = 0; index < CALLS / 2; index++) await logCall(index);
  await ingest.receivedCount(CALLS);
  const downAt = clock.now();
  await ingest.down();
  upAt = downAt + OUTAGE_MS;
  const appliedBeforeOutage = ingest.applications.size;
  for (let index = CALLS / 2; index < CALLS; index++) await logCall(index);
  await logger.flush({ timeoutMs: Infinity });
  await logger.close();

  expect(appliedBeforeOutage).toBeGreaterThan(0);
  expect(appliedBeforeOutage).toBeLessThan(CALLS * 4);
  expect(clock.now() - downAt).toBeGreaterThanOrEqual(OUTAGE_MS);
  expect([...retryCodes]).toEqual(['NETWORK_ERROR']);
  expect(errors).toEqual([]);
  expect(logger.pending).toBe(0);

  for (let index = 0; index < CALLS; index++) {
    const callId = `call-${index}`;
    expect(ingest.applied.get(callId)).toEqual([
      'start',
      `transcript:first line of ${callId}`,
      `transcript:second line of ${callId}`,
      'end:completed',
    ]);
  }
  expect(ingest.applications.size).toBe(CALLS * 4);
  expect([...ingest.applications.values()].every((count) => count === 1)).toBe(true);
  // A request can reach the server twice only if the outage cut it off before its answer; the
  // server then recognised the key and did not apply it again (checked above).
  const receipts = new Map<string, number>();
  for (const request of ingest.received) receipts.set(request.idempotencyKey!, (receipts.get(request.idempotencyKey!) ?? 0) + 1);
  const resent = [...receipts.values()].filter((count) => count > 1).length;
  expect(resent).toBeLessThanOrEqual(4);
});
