/**
 * `@callboard/server/node`: serve the Callboard handler with `node:http`.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CallboardHandler, RequestContext } from '../http/create-callboard-handler.js';
import { errorResponse } from '../http/responses.js';
import { assertLoopbackInDevMode, isLoopback } from './loopback.js';
import { requestUrl, toFetchRequest } from './to-fetch-request.js';
import { writeFetchResponse } from './node-response.js';

export { assertLoopbackInDevMode, isLoopback } from './loopback.js';

/** A Fetch-standard handler, optionally with the extras a {@link CallboardHandler} carries. */
export type FetchHandler = ((request: Request, context?: RequestContext) => Promise<Response>) & Partial<Pick<CallboardHandler, 'devMode' | 'bodyLimitBytes'>>;

/** Options of {@link createNodeListener}. */
export interface NodeListenerOptions {
  /** Largest request body (default: the handler's own limit, else 1 MiB). */
  bodyLimitBytes?: number;
  /** The mount path, when the listener serves the handler under a prefix. */
  basePath?: string;
}

/** Node request listener signature. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A `node:http` request listener serving a Fetch handler: the request body streams in with a
 * size cap, the response streams out with backpressure, and a client that goes away aborts the
 * request's signal. A dev-mode handler only answers requests that arrived on loopback.
 *
 * @example
 * import { createServer } from 'node:http';
 * import { createNodeListener } from '@callboard/server/node';
 * createServer(createNodeListener(handler)).listen(3000, '127.0.0.1');
 */
export function createNodeListener(handler: FetchHandler, options: NodeListenerOptions = {}): NodeListener {
  const limitBytes = options.bodyLimitBytes ?? handler.bodyLimitBytes ?? 1024 * 1024;
  return (req, res) => {
    void serve(handler, req, res, { limitBytes, url: requestUrl(req), basePath: options.basePath });
  };
}

/** Serves one request; shared by the Node, Express and Fastify bindings. */
export async function serve(
  handler: FetchHandler,
  req: IncomingMessage,
  res: ServerResponse,
  options: { limitBytes: number; url: string; basePath?: string | undefined; body?: Uint8Array<ArrayBuffer> | undefined },
): Promise<void> {
  if (handler.devMode && !isLoopback(req.socket.localAddress)) {
    await writeFetchResponse(errorResponse(403, 'FORBIDDEN', 'This server runs in dev mode and only answers on loopback'), res);
    return;
  }
  // The abort signal is made only if the handler asks for it (an AbortController costs a few
  // microseconds and most requests never read it); one made after the client went away starts aborted.
  let controller: AbortController | undefined;
  let gone = false;
  const onClose = () => {
    if (res.writableFinished) return;
    gone = true;
    controller?.abort();
  };
  const signal = () => {
    if (controller === undefined) {
      controller = new AbortController();
      if (gone) controller.abort();
    }
    return controller.signal;
  };
  res.once('close', onClose);
  let release = () => {};
  try {
    const converted = toFetchRequest(req, { url: options.url, limitBytes: options.limitBytes, signal, body: options.body });
    release = converted.release;
    const response = await handler(converted.request, { remoteAddress: req.socket.remoteAddress, basePath: options.basePath });
    release();
    await writeFetchResponse(response, res, { keepAlive: !unreadBody(req, response, options.limitBytes) });
  } catch {
    release();
    if (!res.headersSent) await writeFetchResponse(errorResponse(400, 'BAD_REQUEST', 'The request could not be read'), res, { keepAlive: false });
    else res.destroy();
  } finally {
    res.off('close', onClose);
  }
}

/** Whether answering leaves a large or endless body unread (then the connection is closed, not drained). */
function unreadBody(req: IncomingMessage, response: Response, limitBytes: number): boolean {
  if (response.status === 413) return true;
  if (req.complete) return false;
  const length = Number(req.headers['content-length'] ?? Number.NaN);
  return !Number.isFinite(length) || length > limitBytes;
}

/**
 * Creates a `node:http` server for the handler and listens. Refuses (throws before listening)
 * to serve a dev-mode handler on anything but loopback.
 *
 * @example
 * const server = await listenNode(handler, { port: 3000, host: '127.0.0.1' });
 */
export async function listenNode(handler: FetchHandler, options: { port: number; host: string } & NodeListenerOptions): Promise<Server> {
  assertLoopbackInDevMode(handler.devMode === true, options.host);
  const server = createServer(createNodeListener(handler, options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
