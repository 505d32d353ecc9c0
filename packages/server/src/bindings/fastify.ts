/**
 * `@callboard/server/fastify`: register the Callboard handler as a Fastify (4 or 5) plugin.
 *
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { serve, type FetchHandler } from './node.js';
import { requestUrl } from './to-fetch-request.js';

/** Options of {@link callboardFastify}. */
export interface CallboardFastifyOptions {
  handler: FetchHandler;
  /** Largest request body (default: the handler's limit). */
  bodyLimitBytes?: number;
  /** Set by Fastify from `register(..., { prefix })`. */
  prefix?: string;
}

/**
 * A Fastify plugin serving the handler for every path under its prefix. Inside the plugin (and
 * only there: plugins are encapsulated) the body parsers are replaced by one that leaves the
 * body unread, so the handler sees the exact bytes providers signed and applies its own limit.
 *
 * @example
 * await app.register(callboardFastify, { handler, prefix: '/callboard' });
 */
export async function callboardFastify(fastify: FastifyInstance, options: CallboardFastifyOptions): Promise<void> {
  const { handler } = options;
  const limitBytes = options.bodyLimitBytes ?? handler.bodyLimitBytes ?? 1024 * 1024;
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request: FastifyRequest, _payload: unknown, done: (error: Error | null, body?: unknown) => void) => done(null));
  const route = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    reply.hijack();
    await serve(handler, request.raw, reply.raw, { limitBytes, url: requestUrl(request.raw), basePath: fastify.prefix });
  };
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
  fastify.route({ method: [...methods], url: '/', handler: route, exposeHeadRoute: false });
  fastify.route({ method: [...methods], url: '/*', handler: route, exposeHeadRoute: false });
}
