import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { createMemoryStore } from '@callboard/server';
import { createApp } from './create-app.js';

let app: ReturnType<typeof createApp>;
let base = '';
const sockets: Socket[] = [];

beforeEach(async () => {
  app = createApp({ store: createMemoryStore() });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await app.close();
  await new Promise<void>((resolve) => app.server.close(() => resolve()));
});

function socket(path: string): Socket {
  const s = connect(base, { path, transports: ['websocket'], forceNew: true });
  sockets.push(s);
  return s;
}

describe('the existing Express + Socket.IO app with Callboard added', () => {
  it('keeps serving its own routes and its own Socket.IO', async () => {
    const hello = await fetch(`${base}/hello`);
    expect(await hello.json()).toEqual({ hello: 'world' });
    const chat = socket('/socket.io');
    const echoed = new Promise<string>((resolve) => chat.on('chat', resolve));
    chat.on('connect', () => chat.emit('chat', 'hi'));
    expect(await echoed).toBe('hi');
  });

  it('serves the call API and streams a placed call to an old dashboard listening for legacy events', async () => {
    const dashboard = socket('/callboard/socket.io');
    let created: { id: string } | undefined;
    dashboard.on('new_call', (call: { id: string }) => {
      created = call;
    });
    // An old dashboard only listens: legacy events need no subscription. The server's `welcome`
    // frame says the connection is authenticated and will get them.
    await new Promise<void>((resolve) => dashboard.on('callboard', (frame: { type: string }) => frame.type === 'welcome' && resolve()));

    const response = await fetch(`${base}/callboard/api/calls/initiate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: '+15551230000' }),
    });
    expect(response.status).toBe(201);
    const { callId } = (await response.json()) as { callId: string };

    await expect.poll(() => created?.id, { timeout: 10_000 }).toBe(callId);
    const detail = await fetch(`${base}/callboard/api/calls/${callId}`);
    expect(detail.status).toBe(200);
  });
});
