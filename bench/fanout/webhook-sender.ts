/**
 * Fires webhooks at the server under test over keep-alive HTTP/1.1 connections, one request per
 * webhook, without waiting for earlier ones (open loop: a slow server does not slow the schedule;
 * requests queue in the agent and their latency still counts from the scheduled time).
 */
import http from 'node:http';
import { createLatencyHistogram, type LatencyHistogram } from './latency-histogram.js';

/** What the sender saw since its last reset. */
export interface WebhookStats {
  sent: number;
  /** Answered with a 2xx. */
  acked: number;
  failed: number;
  /** Status codes (or error names) of the failures. */
  failures: Record<string, number>;
  /** Scheduled send time to complete response, ms. */
  ack: LatencyHistogram;
}

/** Sends webhooks to one route. */
export interface WebhookSender {
  /** Sends one webhook scheduled at `sched` (loadgen clock, ms). */
  fire(body: string, sched: number): void;
  /** Requests without a response yet. */
  readonly outstanding: number;
  readonly stats: WebhookStats;
  resetStats(): void;
  close(): void;
}

/** Creates a sender for `POST http://127.0.0.1:<port><path>`. */
export function createWebhookSender(options: { port: number; path: string; headers: Record<string, string>; maxSockets?: number }): WebhookSender {
  // Idle sockets are dropped after 4 s, before Node's server closes them (keepAliveTimeout 5 s):
  // otherwise a request can race the server's close and fail with ECONNRESET.
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64, timeout: 4_000 });
  const stats: WebhookStats = { sent: 0, acked: 0, failed: 0, failures: {}, ack: createLatencyHistogram() };
  let outstanding = 0;

  function failure(key: string): void {
    stats.failed += 1;
    stats.failures[key] = (stats.failures[key] ?? 0) + 1;
  }

  return {
    fire(body, sched) {
      stats.sent += 1;
      outstanding += 1;
      const request = http.request(
        {
          agent,
          host: '127.0.0.1',
          port: options.port,
          method: 'POST',
          path: options.path,
          headers: { ...options.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const ok = response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300;
          response.resume();
          response.once('end', () => {
            outstanding -= 1;
            if (ok) {
              stats.acked += 1;
              stats.ack.record(performance.now() - sched);
            } else {
              failure(String(response.statusCode));
            }
          });
        },
      );
      request.once('error', (error: NodeJS.ErrnoException) => {
        outstanding -= 1;
        failure(error.code ?? error.message);
      });
      request.end(body);
    },
    get outstanding() {
      return outstanding;
    },
    stats,
    resetStats() {
      stats.sent = 0;
      stats.acked = 0;
      stats.failed = 0;
      stats.failures = {};
      stats.ack.reset();
    },
    close() {
      agent.destroy();
    },
  };
}
