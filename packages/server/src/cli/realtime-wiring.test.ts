import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCallboard, type CallboardProcess } from './__tests__/spawn-callboard.js';

const KEY = 'realtime-wiring-key-0123456789';
let callboard: CallboardProcess;

beforeAll(async () => {
  callboard = await spawnCallboard(['start', '--port', '0', '--db', 'memory'], { CALLBOARD_API_KEY: KEY, CALLBOARD_SIMULATE: '0' });
});

afterAll(async () => {
  if (callboard.child.exitCode === null) callboard.child.kill('SIGTERM');
  await callboard.exited;
});

/** A plain `ws` client that queues frames and lets a test wait for the next one matching a predicate. */
function connect(url: string) {
  const socket = new WebSocket(url);
  const frames: any[] = [];
  const waiters: Array<{ match: (frame: any) => boolean; resolve: (frame: any) => void }> = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    const index = waiters.findIndex((waiter) => waiter.match(frame));
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(frame);
    else frames.push(frame);
  });
  return {
    socket,
    next(match: (frame: any) => boolean): Promise<any> {
      const index = frames.findIndex(match);
      if (index >= 0) return Promise.resolve(frames.splice(index, 1)[0]);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

describe('callboard start serves the realtime gateway beside the API', () => {
  it('streams a bot call and the room id of a placed call to a plain ws client, and says goodbye on shutdown', async () => {
    const client = connect(`${callboard.url.replace('http', 'ws')}/realtime?token=${KEY}`);
    await client.next((frame) => frame.type === 'welcome');
    client.socket.send(JSON.stringify({ type: 'subscribe', id: 'feed', channel: 'calls' }));
    await client.next((frame) => frame.type === 'subscribed' && frame.id === 'feed');

    const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
    await fetch(`${callboard.url}/api/calls`, { method: 'POST', headers, body: JSON.stringify({ callId: 'RT-1', type: 'inbound' }) });
    const created = await client.next((frame) => frame.type === 'event' && frame.event.providerCallId === 'RT-1');
    expect(created.call).toMatchObject({ providerCallId: 'RT-1', status: 'in-progress' });

    const placed = (await (await fetch(`${callboard.url}/api/calls/initiate`, { method: 'POST', headers, body: JSON.stringify({ to: '+254700000001' }) })).json()) as {
      callId: string;
      roomId: string;
    };
    const room = await client.next((frame) => frame.type === 'event' && frame.call?.metadata?.roomId === placed.roomId);
    expect(room.call.id).toBe(placed.callId);

    const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
    callboard.child.kill('SIGTERM');
    expect(await closed).toBe(4013);
    expect(await callboard.exited).toBe(0);
  });
});
