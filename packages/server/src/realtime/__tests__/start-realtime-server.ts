import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuth, type Auth } from '../../auth/index.js';
import type { Bus } from '../../bus/bus.js';
import { createHub, type Hub } from '../../hub/hub.js';
import type { CallStore } from '../../store/call-store.js';
import { createMemoryStore } from '../../store/memory/create-memory-store.js';
import { attachRealtime, type AttachRealtimeOptions, type Realtime } from '../attach-realtime.js';

export const API_KEY = 'test-key-0123456789';

export interface TestRealtimeServer {
  server: Server;
  hub: Hub;
  store: CallStore;
  auth: Auth;
  realtime: Realtime;
  /** `ws://127.0.0.1:<port>/realtime` */
  wsUrl: string;
  /** `http://127.0.0.1:<port>` */
  httpUrl: string;
  close(): Promise<void>;
}

/** A node on loopback: memory store (unless given), hub, auth with one API key, and the gateways. */
export async function startRealtimeServer(
  options: Partial<Omit<AttachRealtimeOptions, 'hub'>> & { store?: CallStore; bus?: Bus; auth?: Auth } = {},
): Promise<TestRealtimeServer> {
  const { store = createMemoryStore(), bus, auth = createAuth({ apiKeys: [API_KEY] }), ...realtimeOptions } = options;
  await store.init();
  const hub = createHub({ store, ...(bus ? { bus } : {}) });
  const server = createServer((_request, response) => {
    response.statusCode = 404;
    response.end();
  });
  const realtime = attachRealtime(server, { hub, auth, logger: quietLogger, ...realtimeOptions });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await realtime.ready;
  const { port } = server.address() as AddressInfo;
  return {
    server,
    hub,
    store,
    auth,
    realtime,
    wsUrl: `ws://127.0.0.1:${port}/realtime`,
    httpUrl: `http://127.0.0.1:${port}`,
    async close() {
      await realtime.close({ graceMs: 200 });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await hub.close();
    },
  };
}

const quietLogger = {
  warn: () => undefined,
  error: (details: Record<string, unknown>, message: string) => console.error(message, details),
};
