import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallStore } from '../store/call-store.js';
import { pruneStorePeriodically, type PruneLogger } from './prune-store-periodically.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-20T12:00:00Z');

function recordingLogger() {
  const lines: Array<{ level: 'info' | 'warn'; fields: Record<string, unknown>; message: string }> = [];
  const logger: PruneLogger = {
    info: (fields, message) => lines.push({ level: 'info', fields, message }),
    warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
  };
  return { logger, lines };
}

/** A store whose events are pruned; its calls must never be. */
function eventsOnly(pruneEvents: CallStore['pruneEvents']): Pick<CallStore, 'pruneCalls' | 'pruneEvents'> {
  return { pruneEvents, pruneCalls: () => Promise.reject(new Error('no call retention was configured')) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('pruneStorePeriodically', () => {
  it('prunes at start and then every tenth of the window, at most hourly, each time up to now minus the window', async () => {
    let now = NOW;
    const cutoffs: string[] = [];
    const store = eventsOnly(async (olderThan: Date) => (cutoffs.push(olderThan.toISOString()), 3));
    const { logger, lines } = recordingLogger();
    const pruner = pruneStorePeriodically(store, { eventsMs: 30 * DAY }, logger, () => now);
    await vi.advanceTimersByTimeAsync(0);
    expect(cutoffs).toEqual(['2026-10-21T12:00:00.000Z']);
    now += 3_600_000;
    await vi.advanceTimersByTimeAsync(3_600_000 - 1);
    expect(cutoffs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(cutoffs).toEqual(['2026-10-21T12:00:00.000Z', '2026-10-21T13:00:00.000Z']);
    expect(lines[0]).toMatchObject({ level: 'info', fields: { what: 'events', dropped: 3, olderThan: '2026-10-21T12:00:00.000Z' }, message: 'Pruned 3 events older than the retention window' });
    await pruner.stop();
    await vi.advanceTimersByTimeAsync(10 * 3_600_000);
    expect(cutoffs).toHaveLength(2);

    const short: string[] = [];
    const often = pruneStorePeriodically(eventsOnly(async (olderThan) => (short.push(olderThan.toISOString()), 0)), { eventsMs: 5_000 }, logger, () => now);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(short).toHaveLength(4); // at start, then every second (a tenth of 5 s is below the floor)
    await often.stop();
    expect(lines).toHaveLength(2); // nothing dropped: nothing logged
  });

  it('logs a failed prune and tries again at the next tick', async () => {
    let calls = 0;
    const store = eventsOnly(async () => {
      calls++;
      if (calls === 1) throw new Error('database is locked');
      return 1;
    });
    const { logger, lines } = recordingLogger();
    const pruner = pruneStorePeriodically(store, { eventsMs: 10_000 }, logger, () => NOW);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(2);
    expect(lines.map((line) => line.level)).toEqual(['warn', 'info']);
    expect(lines[0]!.message).toContain('trying again');
    await pruner.stop();
  });

  it('never runs two prunes at once, and stop aborts the one in progress (between its steps) and waits for it', async () => {
    let finish: ((dropped: number) => void) | undefined;
    let started = 0;
    let signal: AbortSignal | undefined;
    const store = eventsOnly((_olderThan, options) => {
      signal = options?.signal;
      return new Promise<number>((resolve) => ((finish = resolve), started++));
    });
    const { logger } = recordingLogger();
    const pruner = pruneStorePeriodically(store, { eventsMs: 10_000 }, logger, () => NOW);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(started).toBe(1);
    let stopped = false;
    expect(signal?.aborted).toBe(false);
    const stopping = pruner.stop().then(() => (stopped = true));
    expect(signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish!(0);
    await stopping;
    expect(stopped).toBe(true);
    expect(started).toBe(1);
  });

  it('deletes old calls, then prunes events, each tick, at a tenth of the shorter window; a failure of one does not stop the other', async () => {
    const order: string[] = [];
    let callFailures = 1;
    const store: Pick<CallStore, 'pruneCalls' | 'pruneEvents'> = {
      pruneCalls: async (olderThan) => {
        order.push(`calls<${olderThan.toISOString()}`);
        if (callFailures-- > 0) throw new Error('database is locked');
        return 2;
      },
      pruneEvents: async (olderThan) => (order.push(`events<${olderThan.toISOString()}`), 0),
    };
    const { logger, lines } = recordingLogger();
    const pruner = pruneStorePeriodically(store, { callsMs: 365 * DAY, eventsMs: 2 * 3_600_000 }, logger, () => NOW);
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['calls<2025-11-20T12:00:00.000Z', 'events<2026-11-20T10:00:00.000Z']);
    expect(lines).toMatchObject([{ level: 'warn', fields: { what: 'calls' }, message: 'Pruning old calls failed; trying again at the next interval' }]);
    await vi.advanceTimersByTimeAsync(720_000); // a tenth of two hours
    expect(order).toHaveLength(4);
    expect(lines[1]).toMatchObject({ level: 'info', fields: { what: 'calls', dropped: 2 }, message: 'Pruned 2 calls older than the retention window' });
    await pruner.stop();

    const callsOnly = { pruneCalls: async () => 0, pruneEvents: () => Promise.reject(new Error('no event retention was configured')) };
    const yearly = pruneStorePeriodically(callsOnly, { callsMs: 365 * DAY }, logger, () => NOW);
    await vi.advanceTimersByTimeAsync(3 * 3_600_000);
    expect(lines).toHaveLength(2); // at most hourly, and never the events
    await yearly.stop();
  });
});
