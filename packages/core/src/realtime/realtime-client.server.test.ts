import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
// The real server, from source: these tests check the client against the gateways it is written for.
import { createNodeListener } from '../../../server/src/bindings/node.js';
import { attachRealtime, createAuth, createCallboardHandler, createHub, createMemoryStore, type Hub, type Realtime } from '../../../server/src/index.js';
import { createCallLogger } from '../logger/create-call-logger.js';
import type { CallEvent } from '../model/index.js';
import { createRealtimeClient } from './create-realtime-client.js';
import type { RealtimeClient, RealtimeClientOptions } from './realtime-client.js';
import { createSocketIoTransport } from './socket-io/create-socket-io-transport.js';
import { liveEvent, statusEvent, transcriptEvent } from './__tests__/call-events.js';
import { storeReaches, waitFor } from './__tests__/wait-for.js';

const API_KEY = 'realtime-client-test-key-0123456789';

describe('realtime client against the Callboard server gateways', () => {
  let hub: Hub;
  let http: Server;
  let realtime: Realtime;
  let url: string;
  let client: RealtimeClient | undefined;
  const sockets: WebSocket[] = [];

  // Tracks the client's sockets so a test can cut one as a network failure would.
  class TrackedWebSocket extends WebSocket {
    constructor(address: string) {
      super(address);
      sockets.push(this);
    }
  }

  beforeEach(async () => {
    const store = createMemoryStore();
    await store.init();
    hub = createHub({ store });
    const auth = createAuth({ apiKeys: [API_KEY] });
    http = createServer(createNodeListener(createCallboardHandler({ hub, auth, rateLimit: { api: false } })));
    realtime = attachRealtime(http, { hub, auth, logger: { warn: () => undefined, error: () => undefined } });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    await realtime.ready;
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    client?.close();
    client = undefined;
    sockets.length = 0;
    await realtime.close({ graceMs: 100 });
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
    await hub.close();
  });

  function newClient(extra: Partial<RealtimeClientOptions> = {}): RealtimeClient {
    client = createRealtimeClient({
      url,
      token: API_KEY,
      WebSocket: TrackedWebSocket as unknown as RealtimeClientOptions['WebSocket'],
      backoff: { minDelayMs: 10, maxDelayMs: 50 },
      ...extra,
    });
    return client;
  }

  async function ingest(...events: CallEvent[]): Promise<void> {
    await hub.ingest(events);
  }

  it('streams the feed and resumes after a cut connection with every event exactly once', async () => {
    const c = newClient();
    const seqs: number[] = [];
    c.onEvent('*', (_event, _call, seq) => seqs.push(seq));
    const feed = c.subscribeCalls();
    c.connect();
    await storeReaches(c, (s) => s.subscriptions[feed.id]?.status === 'subscribed');
    await ingest(statusEvent('call-a', 'ringing'), statusEvent('call-a', 'in-progress'));
    await storeReaches(c, (s) => s.calls.get('call-a')?.status === 'in-progress');

    sockets.at(-1)!.terminate();
    await waitFor(c, 'state', (state) => state === 'reconnecting');
    await ingest(transcriptEvent('call-a', 'said while away'), statusEvent('call-b', 'ringing'));
    const [recovered] = await waitFor(c, 'recovered');
    expect(recovered.subscriptionId).toBe(feed.id);
    await ingest(statusEvent('call-a', 'completed'));
    await storeReaches(c, (s) => s.calls.get('call-a')?.status === 'completed');

    const stored = await hub.store.eventsAfter(0);
    expect(seqs).toEqual(stored.map((event) => event.seq));
    const snapshot = c.store.getSnapshot();
    expect(snapshot.calls.get('call-a')?.transcript.map((segment) => segment.text)).toEqual(['said while away']);
    expect(snapshot.active).toEqual(['call-b']);
  });

  it('follows one call and hears its live events', async () => {
    const c = newClient();
    const followed = c.subscribeCall('call-x');
    const heard: unknown[] = [];
    c.onEvent('call.live', (event) => heard.push([event.name, event.data]));
    c.connect();
    await storeReaches(c, (s) => s.subscriptions[followed.id]?.status === 'subscribed');
    await ingest(statusEvent('call-y', 'ringing'), statusEvent('call-x', 'ringing'), liveEvent('call-x', 'intent', { topic: 'billing' }));
    await waitFor(c, 'event', (event) => event.type === 'call.live');
    expect(heard).toEqual([['intent', { topic: 'billing' }]]);
    expect([...c.store.getSnapshot().calls.keys()]).toEqual(['call-x']);
  });

  it('stops on a wrong key', async () => {
    const c = newClient({ token: 'not-a-key' });
    c.connect();
    await waitFor(c, 'state', (state) => state === 'closed');
    expect(c.store.getSnapshot().connection.error?.code).toBe('UNAUTHORIZED');
  });

  it('comes back after a server shutdown, no sooner than the retry hint', async () => {
    const c = newClient();
    const feed = c.subscribeCalls();
    c.connect();
    await storeReaches(c, (s) => s.subscriptions[feed.id]?.status === 'subscribed');
    const reconnect = waitFor(c, 'reconnect');
    await realtime.close({ retryAfterMs: 300, graceMs: 100 });
    const [info] = await reconnect;
    expect(info).toMatchObject({ code: 4013 });
    expect(info.delayMs).toBeGreaterThanOrEqual(300);
  });

  it('works over Socket.IO', async () => {
    const c = newClient({ transport: createSocketIoTransport(io) });
    const feed = c.subscribeCalls({ direction: 'outbound' });
    c.connect();
    await storeReaches(c, (s) => s.subscriptions[feed.id]?.status === 'subscribed');
    await ingest(statusEvent('in-1', 'ringing'), statusEvent('out-1', 'ringing', { direction: 'outbound' }));
    await storeReaches(c, (s) => s.feeds[feed.id]?.length === 1);
    expect(c.store.getSnapshot().feeds[feed.id]).toEqual(['out-1']);
  });

  it('shows a bot call logged over HTTP, end to end', async () => {
    const c = newClient();
    const feed = c.subscribeCalls();
    const heard: string[] = [];
    c.onEvent('call.live', (event) => heard.push(event.name));
    c.connect();
    await storeReaches(c, (s) => s.subscriptions[feed.id]?.status === 'subscribed');

    const logger = createCallLogger({ url, apiKey: API_KEY });
    await logger.logCallStart({ callId: 'bot-42', type: 'inbound', caller: '+254711000001', receiver: '+254700000000', language: 'sw' });
    await logger.updateCallTranscript('bot-42', { text: 'Habari', role: 'bot' });
    await logger.updateCallTranscript('bot-42', [{ text: 'Token yangu', role: 'caller' }]);
    await logger.sendLiveEvent('bot-42', 'intent-detected', { intent: 'token' });
    await logger.logCallEnd('bot-42', { status: 'success', duration: 30, satisfaction: 5 });
    await logger.close();

    await storeReaches(c, (s) => [...s.calls.values()].some((call) => call.providerCallId === 'bot-42' && call.status === 'completed'));
    const call = [...c.store.getSnapshot().calls.values()].find((candidate) => candidate.providerCallId === 'bot-42')!;
    expect(call).toMatchObject({ direction: 'inbound', from: '+254711000001', to: '+254700000000', language: 'sw', durationSec: 30 });
    expect(call.transcript.map((segment) => [segment.role, segment.text])).toEqual([['bot', 'Habari'], ['caller', 'Token yangu']]);
    expect(heard).toEqual(['intent-detected']);
  });
});
