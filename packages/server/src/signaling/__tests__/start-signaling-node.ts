import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CALL_EVENT_VERSION, type CallStatus } from '@callboard/core';
import { createSimulatedProvider } from '@callboard/core/simulated';
import { createAuth, type Auth } from '../../auth/index.js';
import { createNodeListener } from '../../bindings/node.js';
import type { Bus } from '../../bus/bus.js';
import { createHub, type Hub } from '../../hub/hub.js';
import { createCallboardHandler } from '../../http/create-callboard-handler.js';
import { attachRealtime, type AttachRealtimeOptions, type Realtime } from '../../realtime/attach-realtime.js';
import type { CallStore } from '../../store/call-store.js';
import { createMemoryStore } from '../../store/memory/create-memory-store.js';

export const API_KEY = 'signaling-test-key-0123456789';

/** One node on loopback: the HTTP API (for `POST /api/calls/initiate`), the realtime gateways and the relay. */
export interface SignalingNode {
  server: Server;
  hub: Hub;
  auth: Auth;
  realtime: Realtime;
  /** `ws://127.0.0.1:<port>/realtime` */
  wsUrl: string;
  /** `http://127.0.0.1:<port>` */
  httpUrl: string;
  /** Places a call through the HTTP API, as the dialer's backend would. */
  initiate(): Promise<{ callId: string; roomId: string }>;
  /** Stores a status change of a call, as a provider webhook would. */
  setStatus(callId: string, status: CallStatus): Promise<void>;
  close(): Promise<void>;
}

let statusCounter = 0;

export async function startSignalingNode(
  options: Partial<Omit<AttachRealtimeOptions, 'hub' | 'auth'>> & { store?: CallStore; bus?: Bus } = {},
): Promise<SignalingNode> {
  const { store = createMemoryStore(), bus, ...realtimeOptions } = options;
  await store.init();
  // Not started: the simulated calls stay `queued` until a test moves them on.
  const hub = createHub({ store, ...(bus ? { bus } : {}), providers: { simulated: createSimulatedProvider() } });
  const auth = createAuth({ apiKeys: [API_KEY] });
  const handler = createCallboardHandler({ hub, auth, rateLimit: { api: false, webhooks: false } });
  const server = createServer(createNodeListener(handler));
  const realtime = attachRealtime(server, { hub, auth, logger: quietLogger, ...realtimeOptions });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await realtime.ready;
  const { port } = server.address() as AddressInfo;
  const httpUrl = `http://127.0.0.1:${port}`;
  return {
    server,
    hub,
    auth,
    realtime,
    wsUrl: `ws://127.0.0.1:${port}/realtime`,
    httpUrl,
    async initiate() {
      const response = await fetch(`${httpUrl}/api/calls/initiate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ to: '+15550001111' }),
      });
      if (response.status !== 201) throw new Error(`initiate answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { callId: string; roomId: string };
    },
    async setStatus(callId, status) {
      const call = await store.getCall(callId);
      if (!call) throw new Error(`no call ${callId}`);
      statusCounter += 1;
      const at = new Date().toISOString();
      await hub.ingest([
        {
          v: CALL_EVENT_VERSION,
          type: 'call.status',
          key: `test-status-${statusCounter}`,
          provider: call.provider,
          providerCallId: call.providerCallId,
          callId: call.id,
          occurredAt: at,
          receivedAt: at,
          status,
        },
      ]);
    },
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
