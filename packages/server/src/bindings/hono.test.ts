import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingProvider } from '../http/__tests__/create-recording-provider.js';
import { createTestApp, TEST_API_KEY } from '../http/__tests__/create-test-app.js';
import { callboardHono } from './hono.js';

const auth = { authorization: `Bearer ${TEST_API_KEY}` };
let server: ServerType | undefined;

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function start(options: Parameters<typeof createTestApp>[0] = {}): Promise<string> {
  const test = createTestApp(options);
  const app = new Hono();
  app.get('/', (c) => c.text('the app'));
  app.all('/cb/*', callboardHono(test.handler));
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('callboardHono', () => {
  it('serves the API under the route prefix, next to the app', async () => {
    const base = await start();
    expect(await (await fetch(`${base}/`)).text()).toBe('the app');
    const created = await fetch(`${base}/cb/api/calls`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ callId: 'H1', type: 'outbound' }),
    });
    expect(created.status).toBe(201);
    const page = await fetch(`${base}/cb/api/calls?limit=10`, { headers: auth });
    expect(((await page.json()) as { total: number }).total).toBe(1);
  });

  it('gives the provider the exact bytes and the full URL', async () => {
    const provider = createRecordingProvider();
    const base = await start({ providers: { fake: provider } });
    const body = '{ "status":"ringing","callId":"H2" }';
    const response = await fetch(`${base}/cb/webhooks/fake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-signature': 'let-me-in' },
      body,
    });
    expect(response.status).toBe(200);
    expect(provider.seen[0]).toMatchObject({ rawBody: body, url: `${base}/cb/webhooks/fake` });
  });

  it('rejects a forged webhook with 403 and stores nothing', async () => {
    const provider = createRecordingProvider();
    const test = createTestApp({ providers: { fake: provider } });
    const app = new Hono();
    app.all('/cb/*', callboardHono(test.handler));
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const response = await fetch(`${base}/cb/webhooks/fake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-signature': 'wrong' },
      body: '{"callId":"H3","status":"ringing"}',
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('BAD_SIGNATURE');
    expect(await test.store.lastSeq()).toBe(0);
  });
});
