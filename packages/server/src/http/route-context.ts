import type { CallEvent, Clock } from '@callboard/core';
import type { z } from 'zod';
import type { Auth, Principal, Scope } from '../auth/index.js';
import type { Hub } from '../hub/hub.js';
import type { CallboardMetrics } from '../metrics/create-callboard-metrics.js';
import type { AppendOutcome } from '../store/call-store.js';
import type { IdempotencyGuard } from './create-idempotency-guard.js';
import type { PublicUrlOptions } from './resolve-public-url.js';

/**
 * Who may call a route: anyone (`public`), a provider proving itself with its own signature
 * (`webhook`), any valid credential (`authenticated`), a credential with a scope, or `metrics`
 * (`read`, unless metrics are configured public).
 */
export type RouteAccess = 'public' | 'webhook' | 'authenticated' | 'metrics' | Scope;

/** What every route shares: the hub, auth, limits and metrics of one handler. */
export interface HandlerState extends PublicUrlOptions {
  hub: Hub;
  auth: Auth;
  metrics: CallboardMetrics;
  clock: Clock;
  bodyLimitBytes: number;
  idempotency: IdempotencyGuard;
  generateRoomId: () => string;
  /** The OpenAPI document (built once, on first use). */
  openApi: () => unknown;
  /** Stores events through the hub and records them in the metrics. */
  ingest(events: CallEvent[]): Promise<AppendOutcome[]>;
}

/** One request as a route sees it. */
export interface RouteContext {
  request: Request;
  /** The URL as received (full path, including any mount path). */
  url: URL;
  params: Readonly<Record<string, string>>;
  /** The authenticated caller (undefined on public and webhook routes). */
  principal: Principal | undefined;
  state: HandlerState;
}

/** What the OpenAPI document says about a route. */
export interface RouteDocs {
  summary: string;
  description?: string;
  /** The JSON body schema. */
  body?: z.ZodType;
  /** The query-string schema (an object of string parameters). */
  query?: z.ZodType;
  /** The success status and body schema (omit the schema for no body). */
  response: { status: number; schema?: z.ZodType; contentType?: string };
  /** Error statuses this route answers with beyond those of its access level (see `buildOpenApi`). */
  errors?: number[];
}

/** One line of the route table. */
export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** A path pattern with `:name` parameters (`/api/calls/:id`). */
  path: string;
  access: RouteAccess;
  docs: RouteDocs;
  run(context: RouteContext): Promise<Response>;
}
