import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pruneEventsPeriodically, type PruneLogger } from './prune-events-periodically.js';

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

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('pruneEventsPeriodically', () => {
  it('prunes at start and then every tenth of the window, at most hourly, each time up to now minus the window', async () => {
    let now = NOW;
    const cutoffs: string[] = [];
    const store = { pruneEvents: async (olderThan: Date) => (cutoffs.push(olderThan.toISOString()), 3) };
    const { logger, lines } = recordingLogger();
    const pruner = pruneEventsPeriodically(store, 30 * DAY, logger, () => now);
    await vi.advanceTimersByTimeAsync(0);
    expect(cutoffs).toEqual(['2026-10-21T12:00:00.000Z']);
    now += 3_600_000;
    await vi.advanceTimersByTimeAsync(3_600_000 - 1);
    expect(cutoffs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(cutoffs).toEqual(['2026-10-21T12:00:00.000Z', '2026-10-21T13:00:00.000Z']);
    expect(lines[0]).toMatchObject({ level: 'info', fields: { dropped: 3, olderThan: '2026-10-21T12:00:00.000Z' } });
    await pruner.stop();
    await vi.advanceTimersByTimeAsync(10 * 3_600_000);
    expect(cutoffs).toHaveLength(2);

    const short: string[] = [];
    const often = pruneEventsPeriodically({ pruneEvents: async (olderThan) => (short.push(olderThan.toISOString()), 0) }, 5_000, logger, () => now);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(short).toHaveLength(4); // at start, then every second (a tenth of 5 s is below the floor)
    await often.stop();
    expect(lines).toHaveLength(2); // nothing dropped: nothing logged
  });

  it('logs a failed prune and tries again at the next tick', async () => {
    let calls = 0;
    const store = {
      pruneEvents: async () => {
        calls++;
        if (calls === 1) throw new Error('database is locked');
        return 1;
      },
    };
    const { logger, lines } = recordingLogger();
    const pruner = pruneEventsPeriodically(store, 10_000, logger, () => NOW);
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
    const store = {
      pruneEvents: (_olderThan: Date, options?: { signal?: AbortSignal }) => {
        signal = options?.signal;
        return new Promise<number>((resolve) => ((finish = resolve), started++));
      },
    };
    const { logger } = recordingLogger();
    const pruner = pruneEventsPeriodically(store, 10_000, logger, () => NOW);
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
});
