import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { CallboardError } from '@callboard/core';
import { JOIN_SCRIPT, LEAVE_SCRIPT, MARK_AWAY_SCRIPT, PRUNE_SCRIPT, RESUME_SCRIPT } from './redis-directory-scripts.js';
import type { DirectoryJoin, DirectoryPeer, RoomMessage, SignalingBackplane } from './signaling-backplane.js';

/** Options of {@link createRedisSignalingBackplane}. */
export interface RedisSignalingBackplaneOptions {
  /** `redis://[user:password@]host:port[/db]` (default `redis://127.0.0.1:6379`). */
  url?: string;
  /** Extra ioredis options for both connections (TLS, sentinel, ...). */
  redisOptions?: RedisOptions;
  /** Prefix of every key and channel; one per deployment (default `callboard:signal:`). */
  prefix?: string;
  /** How long a node counts as alive without renewing; its peers are pruned after (default 15 000 ms). */
  livenessMs?: number;
  /** A room's directory expires this long after its last join (default 24 h). */
  roomTtlMs?: number;
  /** Told about Redis failures. */
  onError?(error: unknown): void;
}

type ScriptResult = [number, string[]?, string[]?, string?];
type ScriptCommand = (key: string, ...args: Array<string | number>) => Promise<unknown>;

const SCRIPTS = { cbJoin: JOIN_SCRIPT, cbResume: RESUME_SCRIPT, cbPrune: PRUNE_SCRIPT, cbMarkAway: MARK_AWAY_SCRIPT, cbLeave: LEAVE_SCRIPT };

/**
 * The backplane of a deployment with several nodes: each room's directory is a Redis hash changed
 * only by Lua scripts (so capacity and resume hold across nodes), and each room has its own pub/sub
 * channel, which only the nodes holding its peers subscribe to. Commands and publishes share one
 * connection, so a node's messages keep their order.
 *
 * @example
 * const backplane = createRedisSignalingBackplane({ url: process.env.REDIS_URL, prefix: 'callboard:prod:signal:' });
 * const realtime = attachRealtime(server, { hub, auth, signaling: { backplane } });
 */
export function createRedisSignalingBackplane(options: RedisSignalingBackplaneOptions = {}): SignalingBackplane {
  const url = options.url ?? 'redis://127.0.0.1:6379';
  const prefix = options.prefix ?? 'callboard:signal:';
  const livenessMs = options.livenessMs ?? 15_000;
  const roomTtlMs = options.roomTtlMs ?? 24 * 3600 * 1000;
  const nodeId = randomBytes(8).toString('hex');
  const nodePrefix = `${prefix}node:`;
  const report = (error: unknown) => options.onError?.(error);
  // A join waits for Redis at most this long (then the client gets INTERNAL) instead of hanging while Redis is away.
  const client = new Redis(url, { commandTimeout: 5_000, ...options.redisOptions, connectionName: `callboard-signal-${nodeId}` });
  const subscriber = new Redis(url, { ...options.redisOptions, connectionName: `callboard-signal-${nodeId}-sub` });
  client.on('error', report);
  subscriber.on('error', report);
  for (const [name, lua] of Object.entries(SCRIPTS)) client.defineCommand(name, { numberOfKeys: 1, lua });
  const script = (name: keyof typeof SCRIPTS) => (client as unknown as Record<string, ScriptCommand>)[name]!.bind(client);
  const channels = new Map<string, { handlers: Set<(message: RoomMessage) => void>; subscribed: Promise<unknown> }>();
  let closed = false;

  const renew = () => client.set(`${nodePrefix}${nodeId}`, '1', 'PX', livenessMs);
  const alive = renew();
  alive.catch(report);
  const renewal = setInterval(() => void renew().catch(report), Math.max(1, Math.floor(livenessMs / 3)));
  renewal.unref();

  subscriber.on('message', (channel: string, text: string) => {
    const entry = channels.get(channel);
    if (!entry || closed) return;
    const message = parseMessage(text);
    if (!message) return report(new Error(`Ignored a malformed message on ${channel}`));
    for (const handler of [...entry.handlers]) handler(message);
  });

  const roomKey = (room: string) => `${prefix}room:${room}`;
  const channelOf = (room: string) => `${prefix}channel:${room}`;
  const entryJson = (digest: string) => JSON.stringify({ n: nodeId, k: digest, a: 0 });

  async function run(name: keyof typeof SCRIPTS, room: string, ...args: Array<string | number>): Promise<unknown> {
    if (closed) throw new CallboardError({ code: 'CONNECTION_CLOSED', message: 'The signaling backplane is closed' });
    await alive;
    return script(name)(roomKey(room), ...args);
  }

  return {
    nodeId,
    async join(room, entry, joinOptions) {
      const result = (await run('cbJoin', room, nodePrefix, entry.peerId, entryJson(entry.resumeDigest), joinOptions.capacity, joinOptions.callId ?? '', roomTtlMs)) as ScriptResult;
      return result[0] === 1 ? joined(result) : { ok: false, reason: 'full' };
    },
    async resume(room, entry) {
      const result = (await run('cbResume', room, nodePrefix, entry.peerId, entry.resumeDigest, entryJson(entry.resumeDigest), roomTtlMs)) as ScriptResult;
      if (result[0] === -1) return { ok: false, reason: 'unknown-peer' };
      if (result[0] === -2) return { ok: false, reason: 'bad-resume-key' };
      return joined(result);
    },
    async markAway(room, peerId) {
      await run('cbMarkAway', room, nodeId, peerId);
    },
    async leave(room, peerId) {
      return (await run('cbLeave', room, nodeId, peerId)) === 1;
    },
    async roomCall(room) {
      return (await client.hget(roomKey(room), '_call')) ?? undefined;
    },
    async prune(room) {
      return (await run('cbPrune', room, nodePrefix, '')) as string[];
    },
    async listen(room, handler) {
      const channel = channelOf(room);
      let entry = channels.get(channel);
      if (!entry) {
        const created = { handlers: new Set<(message: RoomMessage) => void>(), subscribed: subscriber.subscribe(channel) };
        // A failed subscribe must not stay cached for the next join to this room.
        created.subscribed.catch(() => {
          if (channels.get(channel) === created) channels.delete(channel);
        });
        channels.set(channel, created);
        entry = created;
      }
      entry.handlers.add(handler);
      await entry.subscribed;
      const current = entry;
      return async () => {
        current.handlers.delete(handler);
        if (current.handlers.size > 0 || channels.get(channel) !== current) return;
        channels.delete(channel);
        if (!closed) await subscriber.unsubscribe(channel);
      };
    },
    async publish(message) {
      await client.publish(channelOf(message.room), JSON.stringify(message));
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(renewal);
      channels.clear();
      // The liveness key is left to lapse: peers may resume on another node until then.
      await Promise.all([quit(client), quit(subscriber)]);
    },
  };
}

function joined(result: ScriptResult): DirectoryJoin {
  const [, pruned = [], flat = [], callId = ''] = result;
  const peers: DirectoryPeer[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const value = JSON.parse(flat[i + 1]!) as { n: string; a?: number };
    peers.push({ peerId: flat[i]!, nodeId: value.n, away: value.a === 1 });
  }
  return { ok: true, peers, callId: callId === '' ? undefined : callId, pruned };
}

function parseMessage(text: string): RoomMessage | undefined {
  try {
    const value = JSON.parse(text) as Partial<RoomMessage> | null;
    if (!value || typeof value.kind !== 'string' || typeof value.room !== 'string') return undefined;
    return value as RoomMessage;
  } catch {
    return undefined;
  }
}

async function quit(connection: Redis): Promise<void> {
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}
