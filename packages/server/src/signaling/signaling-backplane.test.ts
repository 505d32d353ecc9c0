import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, requireRedis, uniquePrefix } from './__tests__/redis-for-tests.js';
import { createLocalSignalingBackplane } from './create-local-signaling-backplane.js';
import { createRedisSignalingBackplane } from './create-redis-signaling-backplane.js';
import type { RoomMessage, SignalingBackplane } from './signaling-backplane.js';

const open: SignalingBackplane[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((backplane) => backplane.close()));
});

function track(backplane: SignalingBackplane): SignalingBackplane {
  open.push(backplane);
  return backplane;
}

const entry = (peerId: string) => ({ peerId, resumeDigest: `digest-${peerId}` });

/** Collects a room's messages and resolves when `count` have arrived. */
async function hear(backplane: SignalingBackplane, room: string) {
  const messages: RoomMessage[] = [];
  const waiters = new Set<() => void>();
  await backplane.listen(room, (message) => {
    messages.push(message);
    for (const wake of [...waiters]) wake();
  });
  return {
    messages,
    until: (count: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`heard ${messages.length} of ${count} messages`)), 5000);
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
  };
}

function leftMessage(room: string, n: number): RoomMessage {
  return { kind: 'peer-left', room, peerId: `p${n}`, reason: 'leave' };
}

/** What every backplane must do, one node's view. */
function directoryContract(create: () => SignalingBackplane): void {
  it('admits peers up to the capacity and lists the others to each newcomer', async () => {
    const backplane = track(create());
    expect(await backplane.join('r', entry('p1'), { capacity: 2 })).toEqual({ ok: true, peers: [], callId: undefined, pruned: [] });
    const second = await backplane.join('r', entry('p2'), { capacity: 2 });
    expect(second).toMatchObject({ ok: true, peers: [{ peerId: 'p1', nodeId: backplane.nodeId, away: false }] });
    expect(await backplane.join('r', entry('p3'), { capacity: 2 })).toEqual({ ok: false, reason: 'full' });
    expect(await backplane.leave('r', 'p1')).toBe(true);
    expect(await backplane.join('r', entry('p3'), { capacity: 2 })).toMatchObject({ ok: true, peers: [{ peerId: 'p2' }] });
  });

  it('binds a room to the first call proven for it, for as long as it has peers', async () => {
    const backplane = track(create());
    await backplane.join('r', entry('p1'), { capacity: 4, callId: 'call_1' });
    expect(await backplane.join('r', entry('p2'), { capacity: 4 })).toMatchObject({ callId: 'call_1' });
    expect(await backplane.roomCall('r')).toBe('call_1');
    await backplane.leave('r', 'p1');
    await backplane.leave('r', 'p2');
    expect(await backplane.roomCall('r')).toBeUndefined();
  });

  it('resumes a peer only with its resume digest, and reports away peers', async () => {
    const backplane = track(create());
    await backplane.join('r', entry('p1'), { capacity: 4 });
    await backplane.markAway('r', 'p1');
    expect(await backplane.join('r', entry('p2'), { capacity: 4 })).toMatchObject({ peers: [{ peerId: 'p1', away: true }] });
    expect(await backplane.resume('r', { peerId: 'p1', resumeDigest: 'wrong' })).toEqual({ ok: false, reason: 'bad-resume-key' });
    expect(await backplane.resume('r', { peerId: 'p9', resumeDigest: 'digest-p9' })).toEqual({ ok: false, reason: 'unknown-peer' });
    expect(await backplane.resume('r', entry('p1'))).toMatchObject({ ok: true, peers: [{ peerId: 'p2', away: false }] });
    expect(await backplane.join('r', entry('p3'), { capacity: 4 })).toMatchObject({ peers: [{ peerId: 'p1', away: false }, { peerId: 'p2' }] });
  });

  it('delivers a room’s messages to its listeners in publish order, and nothing after the remover ran', async () => {
    const backplane = track(create());
    const heard = await hear(backplane, 'r');
    const other = await hear(backplane, 'elsewhere');
    const stop = await backplane.listen('r', () => undefined);
    await stop();
    for (let n = 1; n <= 50; n += 1) void backplane.publish(leftMessage('r', n));
    await heard.until(50);
    expect(heard.messages.map((m) => (m.kind === 'peer-left' ? m.peerId : ''))).toEqual(Array.from({ length: 50 }, (_, i) => `p${i + 1}`));
    expect(other.messages).toEqual([]);
  });
}

describe('local signaling backplane', () => {
  directoryContract(createLocalSignalingBackplane);
});

describe('Redis signaling backplane', () => {
  let admin: Redis;
  let prefix = uniquePrefix();
  beforeAll(async () => {
    admin = await requireRedis();
  });
  afterAll(() => admin?.disconnect());
  afterEach(() => {
    prefix = uniquePrefix();
  });
  const create = (livenessMs?: number) =>
    createRedisSignalingBackplane({ url: REDIS_URL, prefix, ...(livenessMs === undefined ? {} : { livenessMs }) });

  directoryContract(() => create());

  it('shares one directory and one channel per room between nodes', async () => {
    const a = track(create());
    const b = track(create());
    const heardOnA = await hear(a, 'r');
    await a.join('r', entry('p1'), { capacity: 2 });
    expect(await b.join('r', entry('p2'), { capacity: 2 })).toMatchObject({ peers: [{ peerId: 'p1', nodeId: a.nodeId }] });
    expect(await a.join('r', entry('p3'), { capacity: 2 })).toEqual({ ok: false, reason: 'full' });
    await b.publish(leftMessage('r', 7));
    await heardOnA.until(1);
    expect(heardOnA.messages[0]).toEqual(leftMessage('r', 7));
  });

  it('hands a peer over on resume: the old node can no longer remove it', async () => {
    const a = track(create());
    const b = track(create());
    await a.join('r', entry('p1'), { capacity: 4 });
    await a.markAway('r', 'p1');
    expect(await b.resume('r', entry('p1'))).toMatchObject({ ok: true });
    expect(await a.leave('r', 'p1')).toBe(false);
    expect(await b.leave('r', 'p1')).toBe(true);
  });

  it('prunes the peers of a node that stopped renewing its liveness', async () => {
    const dead = create(300);
    const live = track(create());
    await dead.join('r', entry('p1'), { capacity: 2 });
    await live.join('r', entry('p2'), { capacity: 2 });
    await dead.close();
    await expect.poll(async () => admin.exists(`${prefix}node:${dead.nodeId}`), { timeout: 5000 }).toBe(0);
    expect(await live.prune('r')).toEqual(['p1']);
    expect(await live.join('r', entry('p3'), { capacity: 2 })).toMatchObject({ ok: true, peers: [{ peerId: 'p2' }] });
  });
});
