/**
 * `@callboard/server`: the hub, stores, bus, HTTP handler, realtime gateways, auth and CLI.
 *
 * @module
 */
export type {
  AnalyticsBucket,
  AnalyticsQuery,
  AppendOutcome,
  CallAnalytics,
  CallFilter,
  CallListQuery,
  CallPage,
  CallSort,
  CallStats,
  CallStore,
  EventsAfterOptions,
  PruneEventsOptions,
  StoredEvent,
} from './store/call-store.js';
export type { Bus, BusMessage } from './bus/bus.js';
export { createLocalBus } from './bus/local-bus.js';
export { createHub, type Hub, type HubOptions, type InitiatedCall } from './hub/hub.js';
export { createCallId } from './hub/create-call-id.js';
export { nodeEd25519Verify } from './providers/node-ed25519-verify.js';
export { nodeHmacSha1 } from './providers/node-hmac-sha1.js';
export { createAuth, hasScope, SCOPES, type Auth, type AuthOptions, type Principal, type Scope, type TokenClaims } from './auth/index.js';
export { createFileOutbox } from './logger-outbox/create-file-outbox.js';
export * from './store/index.js';
export * from './realtime/index.js';
export * from './signaling/index.js';
export { createRedisBus, type RedisBus, type RedisBusOptions } from './bus/redis-bus.js';
export {
  createCallboardHandler,
  type CallboardHandler,
  type CallboardHandlerOptions,
  type HandlerLogger,
  type RequestContext,
} from './http/create-callboard-handler.js';
export type { CorsOptions } from './http/cors-headers.js';
export type { RateLimit } from './http/create-rate-limiter.js';
export { BOT_STATUS_MAP, mapBotStatus } from './http/bot/map-bot-status.js';
export { createCallboardMetrics, instrumentedIngest, type CallboardMetrics, type WebhookOutcome } from './metrics/index.js';
export { parseConfig, type CallboardConfig, type ProviderConfigs } from './config/index.js';
