import type { CallEvent } from '@callboard/core';
import type { Hub } from '../hub/hub.js';
import type { AppendOutcome } from '../store/call-store.js';
import type { CallboardMetrics } from './create-callboard-metrics.js';

/**
 * `hub.ingest`, recording each batch in the metrics (stored and duplicate events by provider,
 * and the time storing took). The handler ingests through it, and the CLI attaches push
 * providers (the simulated one) through it, so every stored event is counted once.
 */
export function instrumentedIngest(hub: Hub, metrics: CallboardMetrics): (events: CallEvent[]) => Promise<AppendOutcome[]> {
  return async (events) => {
    const started = performance.now();
    const outcomes = await hub.ingest(events);
    metrics.observeIngest(events, outcomes, (performance.now() - started) / 1000);
    return outcomes;
  };
}
