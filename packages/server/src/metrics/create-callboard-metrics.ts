import type { AppendOutcome } from '../store/call-store.js';
import type { CallEvent } from '@callboard/core';
import { createPrometheusRegistry, type PrometheusRegistry } from './prometheus-registry.js';

/** What happened to one webhook delivery. */
export type WebhookOutcome = 'stored' | 'duplicate' | 'empty' | 'rejected' | 'invalid' | 'error';

/** The server's metrics, rendered by `GET /metrics`. */
export interface CallboardMetrics {
  readonly registry: PrometheusRegistry;
  /** One HTTP request: the route pattern (never the raw path), method, status and seconds taken. */
  observeRequest(route: string, method: string, status: number, seconds: number): void;
  /** One webhook delivery and its outcome. */
  observeWebhook(provider: string, outcome: WebhookOutcome): void;
  /** One `hub.ingest` call: what each event became and how long storing took. */
  observeIngest(events: readonly CallEvent[], outcomes: readonly AppendOutcome[], seconds: number): void;
  /** Where the active-calls gauge reads from (set by the handler to the store's active calls). */
  setActiveCalls(read: () => Promise<number>): void;
  /** The Prometheus text. */
  render(): Promise<string>;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Creates the metrics the handler records: `callboard_http_requests_total`,
 * `callboard_http_request_duration_seconds`, `callboard_webhooks_total`,
 * `callboard_events_stored_total`, `callboard_events_duplicate_total`,
 * `callboard_ingest_duration_seconds` and the `callboard_active_calls` gauge.
 *
 * @example
 * const metrics = createCallboardMetrics();
 * const handler = createCallboardHandler({ hub, auth, metrics });
 */
export function createCallboardMetrics(): CallboardMetrics {
  const registry = createPrometheusRegistry();
  const requests = registry.counter('callboard_http_requests_total', 'HTTP requests by route pattern, method and status.');
  const requestSeconds = registry.histogram(
    'callboard_http_request_duration_seconds',
    'HTTP request duration by route pattern.',
    LATENCY_BUCKETS,
  );
  const webhooks = registry.counter('callboard_webhooks_total', 'Webhook deliveries by provider and outcome.');
  const stored = registry.counter('callboard_events_stored_total', 'Events stored, by provider.');
  const duplicates = registry.counter('callboard_events_duplicate_total', 'Events dropped as duplicates of stored ones, by provider.');
  const ingestSeconds = registry.histogram('callboard_ingest_duration_seconds', 'Time to store (and publish) one batch of events.', LATENCY_BUCKETS);
  let readActive: () => Promise<number> = async () => 0;
  registry.gauge('callboard_active_calls', 'Calls not yet in a terminal status.', () => readActive());

  return {
    registry,
    observeRequest(route, method, status, seconds) {
      requests.inc({ route, method, status: String(status) });
      requestSeconds.observe(seconds, { route });
    },
    observeWebhook(provider, outcome) {
      webhooks.inc({ provider, outcome });
    },
    observeIngest(events, outcomes, seconds) {
      ingestSeconds.observe(seconds);
      outcomes.forEach((outcome, i) => {
        const provider = events[i]?.provider ?? 'unknown';
        (outcome.status === 'stored' ? stored : duplicates).inc({ provider });
      });
    },
    setActiveCalls(read) {
      readActive = read;
    },
    render: () => registry.render(),
  };
}
