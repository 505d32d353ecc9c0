import { CallboardError } from '@callboard/core';
import type { CallStore } from '../../store/call-store.js';
import { jsonResponse, textResponse } from '../responses.js';
import type { RouteDefinition } from '../route-context.js';
import { healthResponseSchema } from '../schemas/response-schemas.js';

/**
 * How long `GET /health` waits for the store: a load balancer gives up on a check after a few
 * seconds, and a store that takes longer is as unusable to it as one that fails.
 */
export const HEALTH_STORE_TIMEOUT_MS = 2000;

/**
 * `GET /health`: public liveness, which also checks that the store answers. 503 `UNAVAILABLE`
 * (logged with the reason) when it fails or takes longer than {@link HEALTH_STORE_TIMEOUT_MS}, so
 * a load balancer takes the node out instead of sending it webhooks it cannot store.
 */
export const healthRoute: RouteDefinition = {
  method: 'GET',
  path: '/health',
  access: 'public',
  docs: {
    summary: 'Liveness: 200 when the server and its store answer, 503 when the store fails or takes over 2 s',
    response: { status: 200, schema: healthResponseSchema },
    errors: [503],
  },
  async run(context) {
    await storeAnswers(context.state.hub.store, HEALTH_STORE_TIMEOUT_MS);
    return jsonResponse({ status: 'ok' });
  },
};

/** Resolves once `store` answers a cheap read; throws `UNAVAILABLE` when it fails or takes longer than `timeoutMs`. */
async function storeAnswers(store: CallStore, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  // Both settle as values, so a read that fails after the timeout rejects nothing unhandled.
  const read = store.lastSeq().then(
    () => ({ ok: true as const }),
    (cause: unknown) => ({ ok: false as const, cause }),
  );
  const timeout = new Promise<{ ok: false; cause: Error }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, cause: new Error(`The store did not answer within ${timeoutMs} ms`) }), timeoutMs);
  });
  try {
    const outcome = await Promise.race([read, timeout]);
    if (!outcome.ok) throw new CallboardError({ code: 'UNAVAILABLE', message: 'The store does not answer', cause: outcome.cause, isRetryable: true });
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /metrics`: Prometheus text. */
export const metricsRoute: RouteDefinition = {
  method: 'GET',
  path: '/metrics',
  access: 'metrics',
  docs: {
    summary: 'Prometheus metrics (needs `read`, unless metrics are configured public)',
    response: { status: 200, contentType: 'text/plain; version=0.0.4' },
  },
  async run(context) {
    return textResponse(await context.state.metrics.render(), 200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      'cache-control': 'no-store',
    });
  },
};
