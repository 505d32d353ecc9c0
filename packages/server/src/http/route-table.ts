import { jsonResponse } from './responses.js';
import type { RouteDefinition } from './route-context.js';
import { deleteCallRoute, initiateCallRoute, terminateCallRoute } from './routes/action-routes.js';
import { appendTranscriptRoute, createBotCallRoute, liveEventRoute, updateBotCallRoute } from './routes/bot-routes.js';
import { exportCsvRoute } from './routes/export-route.js';
import { activeCallsRoute, analyticsRoute, getCallRoute, listCallsRoute, statsRoute } from './routes/read-routes.js';
import { healthRoute, metricsRoute } from './routes/system-routes.js';
import { meRoute, mintTokenRoute } from './routes/token-routes.js';
import { webhookGetRoute, webhookRoute } from './routes/webhook-route.js';

/** `GET /openapi.json`: the OpenAPI 3.1 document of this table. */
const openApiRoute: RouteDefinition = {
  method: 'GET',
  path: '/openapi.json',
  access: 'public',
  docs: { summary: 'This API as an OpenAPI 3.1 document', response: { status: 200, contentType: 'application/json' } },
  async run(context) {
    return jsonResponse(context.state.openApi(), 200, { 'cache-control': 'public, max-age=300' });
  },
};

/**
 * Every route of the HTTP surface. A path with fixed segments wins over one with parameters
 * (`/api/calls/active` before `/api/calls/:id`), whatever the order here.
 */
export const ROUTES: readonly RouteDefinition[] = [
  healthRoute,
  metricsRoute,
  openApiRoute,
  webhookRoute,
  webhookGetRoute,
  meRoute,
  mintTokenRoute,
  listCallsRoute,
  createBotCallRoute,
  activeCallsRoute,
  statsRoute,
  analyticsRoute,
  exportCsvRoute,
  initiateCallRoute,
  getCallRoute,
  updateBotCallRoute,
  deleteCallRoute,
  appendTranscriptRoute,
  liveEventRoute,
  terminateCallRoute,
];
