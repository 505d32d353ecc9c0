import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_API_KEY, type TestApp } from '../http/__tests__/create-test-app.js';
import { createNodeListener, listenNode } from './node.js';

const auth = { authorization: `Bearer ${TEST_API_KEY}` };
let server: Server | undefined;

async function start(app: TestApp): Promise<string> {
  server = createServer(createNodeListener(app.handler));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** Sends a chunked body of `size` bytes in 16 KiB writes, resolving with the answer's status and body. */
function sendChunked(base: string, path: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', (error) => (error.message.includes('EPIPE') || error.message.includes('ECONNRESET') ? undefined : reject(error)));
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('createNodeListener', () => {
  it('serves the handler over real HTTP, with JSON bodies in and out', async () => {
    const base = await start(createTestApp());
    const created = await fetch(`${base}/api/calls`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ callId: 'N1', type: 'outbound', caller: '+1', receiver: '+2' }),
    });
    expect(created.status).toBe(201);
    const read = await fetch(`${base}/api/calls/N1`, { headers: auth });
    expect(((await read.json()) as { call: { providerCallId: string } }).call.providerCallId).toBe('N1');
  });

  it('refuses a declared body over the limit with 413 before reading it', async () => {
    const base = await start(createTestApp({ bodyLimitBytes: 1024 }));
    const response = await fetch(`${base}/api/calls`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: 'x'.repeat(5000),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(response.headers.get('connection')).toBe('close');
  });

  it('cuts a chunked body off once it passes the limit', async () => {
    const base = await start(createTestApp({ bodyLimitBytes: 64 * 1024 }));
    const { status, body } = await sendChunked(base, '/api/calls', 8 * 1024 * 1024);
    expect(status).toBe(413);
    expect(JSON.parse(body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('streams a long CSV export to the end', async () => {
    const app = createTestApp();
    await app.hub.ingest(
      Array.from({ length: 1200 }, (_, i) => ({
        v: 1 as const,
        type: 'call.status' as const,
        key: `k${i}`,
        provider: 'bot',
        providerCallId: `csv-${i}`,
        status: 'completed' as const,
        occurredAt: '2026-01-01T00:00:00.000Z',
        receivedAt: '2026-01-01T00:00:00.000Z',
      })),
    );
    const base = await start(app);
    const response = await fetch(`${base}/api/calls/export.csv`, { headers: auth });
    expect(response.headers.get('content-type')).toContain('text/csv');
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1201);
  });

  it('refuses to listen on a non-loopback host in dev mode', async () => {
    const app = createTestApp({ apiKeys: [] });
    await expect(listenNode(app.handler, { port: 0, host: '0.0.0.0' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    server = await listenNode(app.handler, { port: 0, host: '127.0.0.1' });
    const health = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/health`);
    expect(health.status).toBe(200);
  });
});

describe('the Request the node binding hands over', () => {
  async function serveWith(handler: (request: Request) => Promise<Response>): Promise<string> {
    server = createServer(createNodeListener(handler));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('is a real Request: instanceof, headers, json(), clone()', async () => {
    const base = await serveWith(async (request) => {
      const copy = request.clone();
      return Response.json({
        isRequest: request instanceof Request,
        method: request.method,
        header: request.headers.get('x-thing'),
        body: await request.json(),
        copy: await copy.text(),
        used: request.bodyUsed,
      });
    });
    const answer = await fetch(`${base}/anything?x=1`, { method: 'PUT', headers: { 'x-thing': 'yes' }, body: '{"a":[1,2]}' });
    expect(await answer.json()).toEqual({ isRequest: true, method: 'PUT', header: 'yes', body: { a: [1, 2] }, copy: '{"a":[1,2]}', used: true });
  });

  it('streams a chunked body through request.body', async () => {
    const base = await serveWith(async (request) => {
      let bytes = 0;
      const reader = request.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
      }
      return Response.json({ bytes });
    });
    const { status, body } = await sendChunked(base, '/upload', 200 * 1024);
    expect(status).toBe(200);
    expect(JSON.parse(body).bytes).toBeGreaterThanOrEqual(200 * 1024);
  });

  it('aborts request.signal when the client goes away', async () => {
    let aborted!: () => void;
    let started!: () => void;
    const abortedPromise = new Promise<void>((resolve) => (aborted = resolve));
    const startedPromise = new Promise<void>((resolve) => (started = resolve));
    const base = await serveWith(async (request) => {
      request.signal.addEventListener('abort', () => aborted());
      started();
      await abortedPromise;
      return new Response('late');
    });
    await abandonOnceStarted(`${base}/slow`, startedPromise);
    await abortedPromise;
  });

  it('gives a handler that first reads request.signal after the client went away an aborted signal', async () => {
    let gone!: () => void;
    let started!: () => void;
    let seen!: (aborted: boolean) => void;
    const gonePromise = new Promise<void>((resolve) => (gone = resolve));
    const startedPromise = new Promise<void>((resolve) => (started = resolve));
    const seenPromise = new Promise<boolean>((resolve) => (seen = resolve));
    const base = await serveWith(async (request) => {
      started();
      await gonePromise;
      // Let the server see the socket close before the signal is asked for.
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen(request.signal.aborted);
      return new Response('late');
    });
    await abandonOnceStarted(`${base}/slow`, startedPromise);
    gone();
    expect(await seenPromise).toBe(true);
  });
});

/** Requests `url`, then goes away (aborts the fetch) once the handler has `started`. */
async function abandonOnceStarted(url: string, started: Promise<void>): Promise<void> {
  const controller = new AbortController();
  const pending = fetch(url, { signal: controller.signal }).catch(() => undefined);
  await started;
  controller.abort();
  await pending;
}
