import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { reduceCall, type Call, type CallEvent } from '../../model/index.js';
import { callMatchesFilter, eventMatchesFeed, type CallsFilter } from '../calls-filter.js';

interface Subscription {
  id: string;
  channel: 'calls' | 'call';
  filter: CallsFilter;
  callId: string | undefined;
}

/** One client connection as the test server sees it. */
export interface TestConnection {
  readonly socket: WebSocket;
  /** Every frame the client sent, parsed. */
  readonly frames: Array<Record<string, unknown>>;
  readonly subscriptions: Map<string, Subscription>;
  /** Resolves with the next frame of that type the client sends. */
  nextFrame(type: string): Promise<Record<string, unknown>>;
  send(frame: unknown): void;
}

/**
 * A loopback server speaking docs/protocol.md v1 over `ws`, small enough to read in one go:
 * auth by first frame, welcome, subscribe with resume from `fromSeq` or a snapshot, event
 * frames once per connection, ping/pong, close codes. Tests drive it: publish events, drop
 * or close connections, move the retention point, send raw frames.
 */
export interface ProtocolTestServer {
  readonly url: string;
  readonly connections: TestConnection[];
  /** The ordered log. */
  readonly log: Array<{ seq: number; event: CallEvent; call: Call | undefined }>;
  /** Tokens that authenticate; anything else gets 4001. */
  tokens: Set<string>;
  heartbeatMs: number;
  /** Sent in `welcome` when set (a token's expiry). */
  expiresAt: string | undefined;
  /** Events with seq below this are gone (replay impossible). */
  firstRetainedSeq: number;
  /** Stores an event with the next seq and sends it to every connection it concerns. */
  publish(event: CallEvent): number;
  /** Resolves with the next connection that gets past auth (its welcome sent). */
  nextConnection(): Promise<TestConnection>;
  /** Cuts every connection without a close frame (a network drop: the client sees 1006). */
  dropAll(): void;
  /** Sends a `close` frame and closes every connection with `code`. */
  closeAll(code: number, reason: string, retryAfterMs?: number): void;
  close(): Promise<void>;
}

export async function startProtocolTestServer(): Promise<ProtocolTestServer> {
  const http: Server = createServer((_, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http, path: '/realtime' });
  const connections: TestConnection[] = [];
  const log: ProtocolTestServer['log'] = [];
  const calls = new Map<string, Call>();
  const connectionWaiters: Array<(connection: TestConnection) => void> = [];

  wss.on('connection', (socket) => {
    const frameWaiters: Array<{ type: string; resolve: (frame: Record<string, unknown>) => void }> = [];
    const connection: TestConnection = {
      socket,
      frames: [],
      subscriptions: new Map(),
      nextFrame: (type) => new Promise((resolve) => frameWaiters.push({ type, resolve })),
      send: (frame) => socket.send(JSON.stringify(frame)),
    };
    let authenticated = false;
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      connection.frames.push(frame);
      const waiter = frameWaiters.find((w) => w.type === frame.type);
      if (waiter) {
        frameWaiters.splice(frameWaiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
      if (!authenticated) {
        if (frame.type === 'auth' && server.tokens.has(String(frame.token))) {
          authenticated = true;
          connections.push(connection);
          connection.send(welcome(connections.length));
          connectionWaiters.shift()?.(connection);
        } else {
          socket.close(4001, 'authentication failed');
        }
        return;
      }
      if (frame.type === 'auth') {
        if (server.tokens.has(String(frame.token))) connection.send(welcome(connections.indexOf(connection) + 1));
        else socket.close(4001, 'authentication failed');
      }
      if (frame.type === 'subscribe') subscribe(connection, frame);
      if (frame.type === 'unsubscribe') {
        connection.subscriptions.delete(String(frame.id));
        connection.send({ type: 'unsubscribed', id: frame.id });
      }
      if (frame.type === 'ping') connection.send({ type: 'pong' });
    });
  });

  function welcome(n: number): Record<string, unknown> {
    return {
      type: 'welcome',
      protocol: 1,
      connectionId: `c${n}`,
      heartbeatMs: server.heartbeatMs,
      scopes: ['read'],
      ...(server.expiresAt === undefined ? {} : { expiresAt: server.expiresAt }),
    };
  }

  function matches(subscription: Subscription, event: CallEvent, call: Call | undefined): boolean {
    if (subscription.channel === 'call') return event.callId === subscription.callId;
    return eventMatchesFeed(event, call, subscription.filter);
  }

  function subscribe(connection: TestConnection, frame: Record<string, unknown>): void {
    const subscription: Subscription = {
      id: String(frame.id),
      channel: frame.channel === 'call' ? 'call' : 'calls',
      filter: (frame.filter as CallsFilter | undefined) ?? {},
      callId: frame.callId as string | undefined,
    };
    connection.subscriptions.set(subscription.id, subscription);
    const lastSeq = log.length === 0 ? 0 : log[log.length - 1]!.seq;
    const fromSeq = frame.fromSeq as number | undefined;
    const base = { type: 'subscribed', id: subscription.id, channel: subscription.channel, ...(subscription.callId ? { callId: subscription.callId } : {}) };
    if (fromSeq !== undefined && fromSeq >= server.firstRetainedSeq - 1 && fromSeq <= lastSeq) {
      connection.send({ ...base, recovered: true, seq: fromSeq });
      for (const entry of log) {
        if (entry.seq > fromSeq && matches(subscription, entry.event, entry.call)) {
          connection.send({ type: 'event', seq: entry.seq, event: entry.event, call: calls.get(entry.event.callId!) ?? null });
        }
      }
      return;
    }
    const snapshot =
      subscription.channel === 'call'
        ? { call: calls.get(subscription.callId!) ?? null }
        : {
            active: [...calls.values()].filter((c) => !['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(c.status) && callMatchesFilter(c, subscription.filter)),
            recent: [...calls.values()].filter((c) => ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(c.status) && callMatchesFilter(c, subscription.filter)),
          };
    connection.send({ ...base, recovered: false, seq: lastSeq, snapshot });
  }

  const server: ProtocolTestServer = {
    url: '',
    connections,
    log,
    tokens: new Set(['good-token']),
    heartbeatMs: 25_000,
    expiresAt: undefined,
    firstRetainedSeq: 1,
    publish(event) {
      const seq = log.length === 0 ? 1 : log[log.length - 1]!.seq + 1;
      const callId = event.callId!;
      let call: Call | undefined;
      if (event.type === 'call.deleted') calls.delete(callId);
      else {
        call = { ...reduceCall(calls.get(callId), event), version: seq };
        if (event.type === 'call.live') call = calls.get(callId) ?? call;
        calls.set(callId, call);
      }
      log.push({ seq, event, call });
      for (const connection of connections) {
        if (connection.socket.readyState !== connection.socket.OPEN) continue;
        if ([...connection.subscriptions.values()].some((s) => matches(s, event, call))) {
          connection.send({ type: 'event', seq, event, call: call ?? null });
        }
      }
      return seq;
    },
    nextConnection: () => new Promise((resolve) => connectionWaiters.push(resolve)),
    dropAll() {
      for (const connection of connections) connection.socket.terminate();
    },
    closeAll(code, reason, retryAfterMs) {
      for (const connection of connections) {
        if (connection.socket.readyState !== connection.socket.OPEN) continue;
        connection.send({ type: 'close', code, reason, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
        connection.socket.close(code, retryAfterMs === undefined ? reason : JSON.stringify({ message: reason, retryAfterMs }));
      }
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  (server as { url: string }).url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return server;
}
