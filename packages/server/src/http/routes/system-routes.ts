import { jsonResponse, textResponse } from '../responses.js';
import type { RouteDefinition } from '../route-context.js';
import { healthResponseSchema } from '../schemas/response-schemas.js';

/** `GET /health`: public liveness, which also checks that the store answers. */
export const healthRoute: RouteDefinition = {
  method: 'GET',
  path: '/health',
  access: 'public',
  docs: { summary: 'Liveness: 200 when the server and its store answer', response: { status: 200, schema: healthResponseSchema } },
  async run(context) {
    await context.state.hub.store.lastSeq();
    return jsonResponse({ status: 'ok' });
  },
};

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
