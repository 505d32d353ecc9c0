/**
 * OURS: Callboard's own stack as the reference server runs it, on a memory store: a `node:http`
 * server with `createCallboardHandler` (bot ingest `POST /api/calls`: zod validation, auth,
 * hub.ingest = dedupe + reduce + store append + bus) and `attachRealtime` (plain WebSocket on
 * `/realtime`, Socket.IO on `/socket.io`) with its default options. Rate limits are off (the
 * load generator is one address firing hundreds of webhooks a second); everything else is default.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeListener } from '../../../packages/server/src/bindings/node.js';
import { attachRealtime, createAuth, createCallboardHandler, createHub, createMemoryStore } from '../../../packages/server/src/index.js';
import { serveControl } from './server-control.js';

const apiKey = process.env.FANOUT_API_KEY;
if (!apiKey) throw new Error('FANOUT_API_KEY is not set');

const store = createMemoryStore();
await store.init();
const hub = createHub({ store });
const auth = createAuth({ apiKeys: [apiKey] });
const handler = createCallboardHandler({ hub, auth, rateLimit: { api: false, webhooks: false } });
const server = createServer(createNodeListener(handler));
const realtime = attachRealtime(server, {
  hub,
  auth,
  logger: { warn: () => undefined, error: (details, message) => console.error(message, details) },
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
await realtime.ready;
serveControl((server.address() as AddressInfo).port, async () => {
  await realtime.close({ graceMs: 0 });
  server.closeAllConnections();
});
