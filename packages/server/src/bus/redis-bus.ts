import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { Bus, BusMessage } from './bus.js';

/** Options of {@link createRedisBus}. */
export interface RedisBusOptions {
  /** `redis://[user:password@]host:port[/db]` (default `redis://127.0.0.1:6379`). */
  url?: string;
  /** Extra ioredis options for both connections (TLS, sentinel, ...). */
  redisOptions?: RedisOptions;
  /** The pub/sub channel; one per deployment (default `callboard:events`). */
  channel?: string;
  /** Told about Redis failures (connection lost, publish refused). Local delivery goes on regardless. */
  onError?(error: unknown): void;
}

/** The Redis bus: a {@link Bus} with the id it tags its messages with and a readiness signal. */
export interface RedisBus extends Bus {
  /** Random per instance; messages a node published itself are not handled twice. */
  readonly nodeId: string;
  /** Resolves once the subscription to the channel is in place. */
  readonly ready: Promise<void>;
  /** Calls `listener` each time the subscription is back after a lost connection. Returns a remover. */
  onResubscribed(listener: () => void): () => void;
}

interface Envelope {
  /** The publishing node. */
  n: string;
  m: BusMessage;
}

/**
 * Carries change notifications between the nodes of a deployment over Redis pub/sub.
 *
 * A message is handed to this node's subscribers at once, in-process, and then published for the
 * other nodes, so a node keeps serving its own events while Redis is away. Pub/sub is at most
 * once: a node that misses messages (Redis restarted, a connection dropped) sees a gap in `seq`,
 * and the realtime engine fills it from the shared store.
 *
 * @example
 * const bus = createRedisBus({ url: process.env.REDIS_URL, channel: 'callboard:prod:events' });
 * const hub = createHub({ store: createPostgresStore({ connectionString: process.env.CALLBOARD_DB }), bus });
 */
export function createRedisBus(options: RedisBusOptions = {}): RedisBus {
  const url = options.url ?? 'redis://127.0.0.1:6379';
  const channel = options.channel ?? 'callboard:events';
  const nodeId = randomBytes(8).toString('hex');
  const handlers = new Set<(message: BusMessage) => void>();
  const report = (error: unknown) => options.onError?.(error);
  // No offline queue on the publisher: while Redis is away a publish fails at once instead of
  // piling up; the other nodes recover those events from the store.
  const publisher = new Redis(url, {
    ...options.redisOptions,
    enableOfflineQueue: false,
    connectionName: `callboard-bus-${nodeId}-pub`,
  });
  const subscriber = new Redis(url, { ...options.redisOptions, connectionName: `callboard-bus-${nodeId}-sub` });
  publisher.on('error', report);
  subscriber.on('error', report);
  let closed = false;

  function deliver(message: BusMessage): void {
    for (const handler of handlers) handler(message);
  }

  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel || closed) return;
    const envelope = parseEnvelope(text);
    if (!envelope) return report(new Error(`Ignored a malformed message on ${channel}`));
    if (envelope.n !== nodeId) deliver(envelope.m);
  });
  const ready = subscriber.subscribe(channel).then(() => undefined);
  ready.catch(report);
  const resubscribed = new Set<() => void>();
  let subscribedOnce = false;
  // ioredis subscribes again by itself after a reconnect, before it reports `ready`.
  subscriber.on('ready', () => {
    if (subscribedOnce) for (const listener of resubscribed) listener();
    subscribedOnce = true;
  });

  return {
    nodeId,
    ready,
    async publish(message) {
      deliver(message);
      if (closed || publisher.status !== 'ready') return;
      publisher.publish(channel, JSON.stringify({ n: nodeId, m: message } satisfies Envelope)).catch(report);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    onResubscribed(listener) {
      resubscribed.add(listener);
      return () => resubscribed.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      handlers.clear();
      await Promise.all([quit(publisher), quit(subscriber)]);
    },
  };
}

async function quit(connection: Redis): Promise<void> {
  // QUIT would wait in the offline queue for a connection that may never come.
  if (connection.status !== 'ready') {
    connection.disconnect();
    return;
  }
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}

function parseEnvelope(text: string): Envelope | undefined {
  try {
    const value = JSON.parse(text) as Partial<Envelope>;
    const stored = value.m?.stored;
    if (typeof value.n !== 'string' || !stored || typeof stored.seq !== 'number' || typeof stored.callId !== 'string') return undefined;
    if (typeof stored.event !== 'object' || stored.event === null) return undefined;
    return value as Envelope;
  } catch {
    return undefined;
  }
}
