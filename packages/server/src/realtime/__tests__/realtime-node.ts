/**
 * One Callboard node as a child process for the several-node tests: Postgres store, Redis bus,
 * the HTTP handler (bot ingest) and the realtime gateways on one port. Prints `READY <port>`.
 *
 * Env: CALLBOARD_TEST_SCHEMA, CALLBOARD_TEST_CHANNEL, CALLBOARD_TEST_API_KEY, and the service
 * URLs of require-services.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuth } from '../../auth/index.js';
import { createNodeListener } from '../../bindings/node.js';
import { createRedisBus } from '../../bus/redis-bus.js';
import { createHub } from '../../hub/hub.js';
import { createCallboardHandler } from '../../http/create-callboard-handler.js';
import { createPostgresStore } from '../../store/postgres/create-postgres-store.js';
import { attachRealtime } from '../attach-realtime.js';
import { TEST_POSTGRES_URL, TEST_REDIS_URL } from './require-services.js';

const schema = process.env.CALLBOARD_TEST_SCHEMA!;
const channel = process.env.CALLBOARD_TEST_CHANNEL!;
const apiKey = process.env.CALLBOARD_TEST_API_KEY!;

const store = createPostgresStore({ connectionString: TEST_POSTGRES_URL, schema, maxConnections: 4 });
await store.init();
const bus = createRedisBus({ url: TEST_REDIS_URL, channel, onError: (error) => console.error('redis', error) });
await bus.ready;
const hub = createHub({ store, bus });
const auth = createAuth({ apiKeys: [apiKey] });
const handler = createCallboardHandler({ hub, auth, rateLimit: { api: false, webhooks: false } });
const server = createServer(createNodeListener(handler));
const realtime = attachRealtime(server, { hub, auth, gapWaitMs: 100, pollIntervalMs: 250 });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
await realtime.ready;
process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);

process.on('SIGTERM', () => {
  void realtime.close({ retryAfterMs: 500, graceMs: 500 }).then(async () => {
    server.close();
    await hub.close();
    process.exit(0);
  });
});
