import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingProvider } from '../http/__tests__/create-recording-provider.js';
import { createTestApp, TEST_API_KEY } from '../http/__tests__/create-test-app.js';
import { createExpressMiddleware } from './express.js';

const auth = { authorization: `Bearer ${TEST_API_KEY}` };
const oddJson = '{ "callId" :"E1",\n  "status":"ringing" }';
let server: Server | undefined;

async function listen(app: express.Express): Promise<string> {
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

function webhook(base: string) {
  return fetch(`${base}/cb/webhooks/fake?account=a1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-signature': 'let-me-in' },
    body: oddJson,
  });
}

describe('createExpressMiddleware', () => {
  it('mounted before the body parsers, hands the exact bytes and the full public URL to the provider', async () => {
    const provider = createRecordingProvider();
    const { handler } = createTestApp({ providers: { fake: provider } });
    const app = express();
    app.use('/cb', createExpressMiddleware(handler));
    app.use(express.json());
    app.post('/own', (req, res) => {
      res.json({ echoed: req.body });
    });
    const base = await listen(app);
    const response = await webhook(base);
    expect(response.status).toBe(200);
    expect(provider.seen[0]!.rawBody).toBe(oddJson);
    expect(provider.seen[0]!.url).toBe(`${base}/cb/webhooks/fake?account=a1`);
    const own = await fetch(`${base}/own`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await own.json()).toEqual({ echoed: { a: 1 } });
  });

  it('passes paths it has no route for to the rest of the app', async () => {
    const { handler } = createTestApp();
    const app = express();
    app.use('/', createExpressMiddleware(handler));
    app.get('/hello', (_req, res) => {
      res.send('hi from the app');
    });
    const base = await listen(app);
    expect(await (await fetch(`${base}/hello`)).text()).toBe('hi from the app');
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('works after express.json(): the API gets the re-encoded body', async () => {
    const { handler } = createTestApp();
    const app = express();
    app.use(express.json());
    app.use('/cb', createExpressMiddleware(handler));
    const base = await listen(app);
    const created = await fetch(`${base}/cb/api/calls`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ callId: 'E2', type: 'inbound' }),
    });
    expect(created.status).toBe(201);
    const read = await fetch(`${base}/cb/api/calls/E2`, { headers: auth });
    expect(read.status).toBe(200);
  });

  it('uses the raw body a parser kept with its verify hook', async () => {
    const provider = createRecordingProvider();
    const { handler } = createTestApp({ providers: { fake: provider } });
    const app = express();
    app.use(
      express.json({
        verify: (req, _res, buf) => {
          (req as { rawBody?: Buffer }).rawBody = buf;
        },
      }),
    );
    app.use('/cb', createExpressMiddleware(handler));
    const base = await listen(app);
    expect((await webhook(base)).status).toBe(200);
    expect(provider.seen[0]!.rawBody).toBe(oddJson);
  });

  it('keeps the handler errors and limits', async () => {
    const { handler } = createTestApp({ bodyLimitBytes: 100 });
    const app = express();
    app.use('/cb', createExpressMiddleware(handler));
    const base = await listen(app);
    const unauthorized = await fetch(`${base}/cb/api/calls`);
    expect(unauthorized.status).toBe(401);
    const tooLarge = await fetch(`${base}/cb/api/calls`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: 'x'.repeat(500) });
    expect(tooLarge.status).toBe(413);
  });
});
