/**
 * `@callboard/server/hono`: serve the Callboard handler from a Hono app.
 *
 * @module
 */
import type { RequestContext } from '../http/create-callboard-handler.js';

/** The parts of a Hono context the route reads (so the binding needs no Hono import). */
export interface HonoLikeContext {
  req: { raw: Request; routePath?: string };
  env?: unknown;
}

/** Options of {@link callboardHono}. */
export interface CallboardHonoOptions {
  /** The mount path. Default: taken from the route pattern (`/callboard/*` -> `/callboard`). */
  basePath?: string;
}

/**
 * A Hono handler serving the Callboard handler: Hono already speaks Fetch, so this only passes
 * the request on with its mount path and (on `@hono/node-server`) the peer address.
 *
 * @example
 * app.all('/callboard/*', callboardHono(handler));
 */
export function callboardHono(
  handler: (request: Request, context?: RequestContext) => Promise<Response>,
  options: CallboardHonoOptions = {},
): (context: HonoLikeContext) => Promise<Response> {
  return (context) => {
    const routePath = context.req.routePath ?? '';
    const basePath = options.basePath ?? (routePath.endsWith('/*') ? routePath.slice(0, -2) : '');
    const incoming = (context.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
    return handler(context.req.raw, { basePath, remoteAddress: incoming?.socket?.remoteAddress });
  };
}
