import { CallboardError, systemClock, type Clock } from '@callboard/core';
import { createAuth, hasScope, type Auth, type Principal } from '../auth/index.js';
import type { Hub } from '../hub/hub.js';
import { createCallboardMetrics, type CallboardMetrics } from '../metrics/create-callboard-metrics.js';
import { instrumentedIngest } from '../metrics/instrumented-ingest.js';
import { corsHeaders, isPreflight, preflightHeaders, type CorsOptions } from './cors-headers.js';
import { buildOpenApi } from './build-openapi.js';
import { createIdempotencyGuard } from './create-idempotency-guard.js';
import { createRateLimiter, type RateLimit } from './create-rate-limiter.js';
import { httpError, httpStatusOf } from './http-error.js';
import { createRouteMatcher } from './create-route-matcher.js';
import { emptyResponse, errorResponse } from './responses.js';
import type { HandlerState, RouteContext, RouteDefinition } from './route-context.js';
import { ROUTES } from './route-table.js';
import packageJson from '../../package.json' with { type: 'json' };

/** A pino-compatible logger (only these three methods are used). */
export interface HandlerLogger {
  info(object: Record<string, unknown>, message?: string): void;
  warn(object: Record<string, unknown>, message?: string): void;
  error(object: Record<string, unknown>, message?: string): void;
}

/** Options of {@link createCallboardHandler}. */
export interface CallboardHandlerOptions {
  hub: Hub;
  /** Keys and tokens. Default: dev mode (no key; every request allowed, so stay on loopback). */
  auth?: Auth;
  /**
   * The public base URL providers call (`https://calls.example.com`); webhook signatures are
   * checked against it plus the request's path and query. See `trustProxy`.
   */
  publicUrl?: string;
  /** Take the public scheme and host from `X-Forwarded-Proto` / `X-Forwarded-Host` (and the client address from `X-Forwarded-For`). Only behind a proxy you run. */
  trustProxy?: boolean;
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimitBytes?: number;
  /**
   * Token buckets: `api` per credential, `webhooks` per source address. Defaults: 50/s with a
   * burst of 200 for the API, 200/s with a burst of 1000 for webhooks. `false` turns one off.
   */
  rateLimit?: { api?: RateLimit | false; webhooks?: RateLimit | false };
  /** Browser origins allowed to call the API. No option: no CORS headers at all. */
  cors?: CorsOptions;
  /** Serve `/metrics` without a credential (default: it needs `read`). */
  metricsPublic?: boolean;
  metrics?: CallboardMetrics;
  logger?: HandlerLogger;
  clock?: Clock;
  /** The path the handler is mounted under (`/callboard`), stripped before routing. Bindings may pass it per request instead. */
  basePath?: string;
  /**
   * Answers GET and HEAD requests no route owns (static files); undefined falls through to a JSON
   * 404. Never asked about paths under `/api` and `/webhooks`: a mistyped API path gets the JSON
   * 404 an API client can read, not a dashboard page.
   */
  fallback?: (request: Request) => Promise<Response | undefined>;
  /** Signaling room ids for placed calls (default: `room_` + 128 random bits). */
  generateRoomId?: () => string;
}

/** What a binding may tell the handler about a request beyond the `Request` itself. */
export interface RequestContext {
  /** The peer address (for per-address webhook rate limits and logs). */
  remoteAddress?: string | undefined;
  /** The mount path, when the binding knows it (Express `req.baseUrl`, a Fastify prefix). */
  basePath?: string | undefined;
}

/**
 * The Fetch-standard handler of the whole HTTP surface. Extra fields let bindings enforce the
 * same limits (`bodyLimitBytes`), refuse dev mode off loopback (`devMode`) and pass through
 * paths the handler does not own (`owns`).
 */
export interface CallboardHandler {
  (request: Request, context?: RequestContext): Promise<Response>;
  readonly devMode: boolean;
  readonly bodyLimitBytes: number;
  readonly metrics: CallboardMetrics;
  /** Whether a path (after the mount path) belongs to a route of this handler. */
  owns(path: string): boolean;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const DEFAULT_API_LIMIT: RateLimit = { ratePerSec: 50, burst: 200 };
const DEFAULT_WEBHOOK_LIMIT: RateLimit = { ratePerSec: 200, burst: 1000 };

/**
 * Creates the handler: routing, auth and scopes, rate limits, CORS, body limits, JSON errors,
 * metrics and request logs around the route table (see docs/http-api.md). Every error is
 * `{ "error": { "code", "message", "details"? } }`; 5xx only for faults of ours, logged, with no
 * stack or secret in the body.
 *
 * @example
 * const handler = createCallboardHandler({ hub, auth: createAuth({ apiKeys: [key] }), publicUrl: 'https://calls.example.com' });
 * const response = await handler(new Request('http://127.0.0.1:3000/health'));
 */
export function createCallboardHandler(options: CallboardHandlerOptions): CallboardHandler {
  const auth = options.auth ?? createAuth();
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? createCallboardMetrics();
  const logger = options.logger;
  const matcher = createRouteMatcher(ROUTES);
  const apiLimit = options.rateLimit?.api === false ? undefined : createRateLimiter(options.rateLimit?.api ?? DEFAULT_API_LIMIT, clock);
  const webhookLimit =
    options.rateLimit?.webhooks === false ? undefined : createRateLimiter(options.rateLimit?.webhooks ?? DEFAULT_WEBHOOK_LIMIT, clock);
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  let openApi: unknown;

  metrics.setActiveCalls(async () => (await options.hub.store.activeCalls()).length);

  const state: HandlerState = {
    hub: options.hub,
    auth,
    metrics,
    clock,
    bodyLimitBytes,
    publicUrl: options.publicUrl,
    trustProxy: options.trustProxy,
    idempotency: createIdempotencyGuard(),
    generateRoomId: options.generateRoomId ?? randomRoomId,
    openApi: () => (openApi ??= buildOpenApi(ROUTES, { version: packageJson.version, serverUrl: options.publicUrl })),
    ingest: instrumentedIngest(options.hub, metrics),
  };

  function clientAddress(request: Request, context: RequestContext | undefined): string {
    if (options.trustProxy) {
      // The entry our own proxy appended (rightmost) is the one a client cannot forge.
      const forwarded = request.headers.get('x-forwarded-for')?.split(',').pop()?.trim();
      if (forwarded) return forwarded;
    }
    return context?.remoteAddress ?? 'unknown';
  }

  function authorize(route: RouteDefinition, request: Request, address: string): Principal | undefined {
    if (route.access === 'public' || (route.access === 'metrics' && options.metricsPublic)) return undefined;
    if (route.access === 'webhook') {
      const wait = webhookLimit?.take(`addr:${address}`) ?? 0;
      if (wait > 0) throw rateLimited(wait);
      return undefined;
    }
    const principal = auth.authenticate(request.headers.get('authorization'));
    if (principal === undefined) {
      const wait = apiLimit?.take(`anon:${address}`) ?? 0;
      if (wait > 0) throw rateLimited(wait);
      throw httpError('UNAUTHORIZED', 'A valid API key or token is required (Authorization: Bearer ...)');
    }
    const wait = apiLimit?.take(principal.subject) ?? 0;
    if (wait > 0) throw rateLimited(wait);
    const scope = route.access === 'metrics' ? 'read' : route.access;
    if (scope !== 'authenticated' && !hasScope(principal, scope)) {
      throw httpError('FORBIDDEN', `This needs the "${scope}" scope`, { required: scope });
    }
    return principal;
  }

  function toErrorResponse(error: unknown, routeId: string): Response {
    if (CallboardError.isInstance(error)) {
      const status = httpStatusOf(error.code);
      if (status >= 500) logger?.error({ route: routeId, code: error.code, err: error }, 'request failed');
      const headers: Record<string, string> = {};
      const retryAfter = error.details?.retryAfterSec;
      if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
      if (status === 401) headers['www-authenticate'] = 'Bearer';
      if (status === 405 && Array.isArray(error.details?.allowed)) headers.allow = (error.details.allowed as string[]).join(', ');
      // A 5xx keeps only the code: provider and internal messages can carry more than a client should see.
      const message = status >= 500 ? publicMessage(error.code) : error.message;
      const details = status >= 500 ? undefined : error.details;
      return errorResponse(status, error.code, message, details, headers);
    }
    logger?.error({ route: routeId, err: error }, 'request failed');
    return errorResponse(500, 'INTERNAL', 'Internal server error');
  }

  async function dispatch(request: Request, url: URL, path: string, context: RequestContext | undefined): Promise<{ response: Response; routeId: string }> {
    const origin = request.headers.get('origin');
    const match = matcher.match(request.method, path);
    if (isPreflight(request)) {
      if (match.kind === 'none') return { response: errorResponse(404, 'NOT_FOUND', `No route ${path}`), routeId: 'preflight' };
      const allowed = match.kind === 'route' ? [match.route.method, ...(match.route.method === 'GET' ? ['HEAD'] : [])] : match.allowed;
      const cors = corsHeaders(origin, options.cors);
      if (options.cors === undefined || Object.keys(cors).length === 0) {
        return { response: errorResponse(403, 'FORBIDDEN', 'This origin is not allowed'), routeId: 'preflight' };
      }
      return { response: emptyResponse(204, { ...cors, ...preflightHeaders(allowed, options.cors) }), routeId: 'preflight' };
    }
    if (match.kind === 'none') {
      const fallback = options.fallback && (request.method === 'GET' || request.method === 'HEAD') && !inApiNamespace(path) ? await options.fallback(request) : undefined;
      return { response: fallback ?? errorResponse(404, 'NOT_FOUND', `No route ${request.method} ${path}`), routeId: fallback ? 'static' : 'unmatched' };
    }
    if (match.kind === 'method') {
      if (request.method === 'OPTIONS') return { response: emptyResponse(204, { allow: match.allowed.join(', ') }), routeId: 'options' };
      const error = httpError('METHOD_NOT_ALLOWED', `${request.method} is not allowed here`, { allowed: match.allowed });
      return { response: toErrorResponse(error, 'unmatched'), routeId: 'unmatched' };
    }
    const { route, params } = match;
    const routeId = `${route.method} ${route.path}`;
    try {
      const principal = authorize(route, request, clientAddress(request, context));
      const routeContext: RouteContext = { request, url, params, principal, state };
      return { response: await route.run(routeContext), routeId };
    } catch (error) {
      return { response: toErrorResponse(error, routeId), routeId };
    }
  }

  const handler = async (request: Request, context?: RequestContext): Promise<Response> => {
    const started = performance.now();
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return errorResponse(400, 'BAD_REQUEST', 'The request URL is not valid');
    }
    const basePath = (context?.basePath ?? options.basePath ?? '').replace(/\/+$/, '');
    let path = url.pathname;
    if (basePath !== '' && (path === basePath || path.startsWith(`${basePath}/`))) path = path.slice(basePath.length) || '/';
    let routeId = 'unmatched';
    let response: Response;
    try {
      ({ response, routeId } = await dispatch(request, url, path, context));
    } catch (error) {
      response = toErrorResponse(error, routeId);
    }
    if (request.method === 'HEAD' && response.body !== null) {
      response = new Response(null, { status: response.status, headers: response.headers });
    }
    response = withHeaders(response, corsHeaders(request.headers.get('origin'), options.cors));
    const seconds = (performance.now() - started) / 1000;
    metrics.observeRequest(routeId, request.method, response.status, seconds);
    logger?.info({ method: request.method, route: routeId, status: response.status, durationMs: Math.round(seconds * 10_000) / 10 }, 'request');
    return response;
  };

  return Object.assign(handler, {
    devMode: auth.devMode,
    bodyLimitBytes,
    metrics,
    owns: (path: string) => matcher.owns(path),
  });
}

/** Adds headers; a response with immutable headers (from `fetch`, `Response.error`) is copied first. */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  const names = Object.keys(headers);
  if (names.length === 0) return response;
  try {
    for (const name of names) response.headers.set(name, headers[name]!);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    for (const name of names) copy.headers.set(name, headers[name]!);
    return copy;
  }
}

function rateLimited(retryAfterSec: number): CallboardError {
  return httpError('RATE_LIMITED', 'Too many requests; retry later', { retryAfterSec });
}

function publicMessage(code: string): string {
  if (code === 'PROVIDER_API_ERROR' || code === 'NETWORK_ERROR' || code === 'CONNECTION_CLOSED') return 'The telephony provider did not accept the request';
  if (code === 'TIMEOUT') return 'The request timed out';
  if (code === 'UNAVAILABLE') return 'The server cannot serve requests now';
  return 'Internal server error';
}

function randomRoomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return `room_${text}`;
}

/** Paths the HTTP API owns, matched by a route or answered with a JSON error, never by `fallback`. */
function inApiNamespace(path: string): boolean {
  return ['/api', '/webhooks'].some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
