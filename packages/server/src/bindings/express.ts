/**
 * `@callboard/server/express`: mount the Callboard handler in an Express (4 or 5) app.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serve, type FetchHandler } from './node.js';
import { requestUrl } from './to-fetch-request.js';
import { bodyAlreadyRead } from './body-already-read.js';

/** The parts of an Express request the middleware reads (so the binding needs no Express types). */
export type ExpressLikeRequest = IncomingMessage & {
  originalUrl?: string;
  baseUrl?: string;
  path?: string;
  body?: unknown;
  rawBody?: unknown;
};

/** Express middleware signature. */
export type ExpressMiddleware = (req: ExpressLikeRequest, res: ServerResponse, next: (error?: unknown) => void) => void;

/** Options of {@link createExpressMiddleware}. */
export interface ExpressMiddlewareOptions {
  /** Pass requests for paths the handler has no route for to the next middleware (default true). */
  fallthrough?: boolean;
  /** Largest request body (default: the handler's limit). */
  bodyLimitBytes?: number;
}

/**
 * Express middleware serving the handler under the path it is mounted at (`app.use('/callboard', ...)`;
 * the mount path is stripped for routing and kept in the URL webhook signatures are checked against).
 *
 * Mount it BEFORE `express.json()` / `express.urlencoded()`: webhook signatures cover the exact
 * bytes. If a body parser ran first, the middleware uses `req.rawBody` when a parser's `verify`
 * hook kept it, else re-encodes the parsed body: fine for the JSON API and for Twilio (signed over
 * the parameters), but Telnyx (signed over the raw bytes) then fails with 403.
 *
 * @example
 * app.use('/callboard', createExpressMiddleware(handler));
 * app.use(express.json()); // the app's own routes after
 */
export function createExpressMiddleware(handler: FetchHandler & { owns?: (path: string) => boolean }, options: ExpressMiddlewareOptions = {}): ExpressMiddleware {
  const limitBytes = options.bodyLimitBytes ?? handler.bodyLimitBytes ?? 1024 * 1024;
  return (req, res, next) => {
    const path = req.path ?? new URL(req.url ?? '/', 'http://x').pathname;
    if (options.fallthrough !== false && handler.owns !== undefined && !handler.owns(path)) {
      next();
      return;
    }
    serve(handler, req, res, {
      limitBytes,
      url: requestUrl(req, req.originalUrl ?? req.url),
      basePath: req.baseUrl ?? '',
      body: bodyAlreadyRead(req),
    }).catch(next);
  };
}
