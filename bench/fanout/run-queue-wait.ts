/**
 * How long this process's main thread has waited on a run queue (runnable, but another task had
 * the CPU), from `/proc/self/schedstat`. On a shared machine this tells a step where the server
 * was starved by other processes apart from one where it was busy with its own work.
 */
import { readFileSync } from 'node:fs';

/** Milliseconds spent waiting for a CPU since the thread started; undefined where the kernel does not say. */
export function runQueueWaitMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/schedstat', 'utf8').trim().split(/\s+/);
    const waitNs = Number(fields[1]);
    return Number.isFinite(waitNs) ? waitNs / 1e6 : undefined;
  } catch {
    return undefined;
  }
}
