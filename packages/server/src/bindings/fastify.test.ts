import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingProvider } from '../http/__tests__/create-recording-provider.js';
import { createTestApp, TEST_API_KEY } from '../http/__tests__/create-test-app.js';
import { callboardFastify } from './fastify.js';

const auth = { authorization: `Bearer ${TEST_API_KEY}` };
let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(options: Parameters<typeof createTestApp>[0] = {}) {
  const test = createTestApp(options);
  app = Fastify();
  await app.register(callboardFastify, { handler: test.handler, prefix: '/cb' });
  app.post('/own', async (request) => ({ echoed: request.body }));
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { base: address, test };
}

describe('callboardFastify', () => {
  it('serves the API under its prefix', async () => {
    const { base } = await start();
    const created = await fetch(`${base}/cb/api/calls`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ callId: 'F1', type: 'inbound', caller: '+1' }),
    });
    expect(created.status).toBe(201);
    const read = await fetch(`${base}/cb/api/calls/F1`, { headers: auth });
    expect(((await read.json()) as { call: { from: string } }).call.from).toBe('+1');
    const missing = await fetch(`${base}/cb/api/nope`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('gives the provider the exact bytes and URL, while the rest of the app keeps its JSON parser', async () => {
    const provider = createRecordingProvider();
    const { base } = await start({ providers: { fake: provider } });
    const body = '{"callId":"F2",   "status":"ringing"}';
    const response = await fetch(`${base}/cb/webhooks/fake?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-signature': 'let-me-in' },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    expect(provider.seen[0]).toMatchObject({ rawBody: body, url: `${base}/cb/webhooks/fake?x=1` });
    const own = await fetch(`${base}/own`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await own.json()).toEqual({ echoed: { a: 1 } });
  });

  it('applies the handler body limit and error shape', async () => {
    const { base } = await start({ bodyLimitBytes: 64 });
    const response = await fetch(`${base}/cb/api/calls`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: 'y'.repeat(1000),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
