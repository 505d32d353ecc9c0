import { createFakeClock } from '@callboard/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../store/index.js';
import type { CallStore } from '../store/call-store.js';
import { createRecordingProvider } from './__tests__/create-recording-provider.js';
import { createTestApp } from './__tests__/create-test-app.js';

type ErrorBody = { error: { code: string; message: string; details?: any } };
const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

describe('createCallboardHandler: errors', () => {
  const app = createTestApp();

  it('answers an unknown path with a JSON 404', async () => {
    const response = await app.request('GET', '/api/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await errorOf(response)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('leaves only paths outside the API to its fallback, so a mistyped API path is still a JSON 404', async () => {
    const page = () => new Response('<!doctype html><title>dashboard</title>', { headers: { 'content-type': 'text/html' } });
    const withPages = createTestApp({ fallback: async () => page() });
    for (const path of ['/api', '/api/analytics', '/api/calls/call_1/nothing', '/webhooks', '/webhooks/twilio/status']) {
      const response = await withPages.request('GET', path);
      expect(response.status, path).toBe(404);
      expect((await errorOf(response)).code, path).toBe('NOT_FOUND');
    }
    for (const path of ['/', '/calls/call_1', '/apis', '/webhooks-help']) {
      const response = await withPages.request('GET', path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toContain('<title>dashboard</title>');
    }
  });

  it('answers a known path with the wrong method 405 and lists the allowed ones', async () => {
    const response = await app.request('PUT', '/api/calls');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, HEAD');
    expect((await errorOf(response)).code).toBe('METHOD_NOT_ALLOWED');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await app.request('POST', '/api/calls', { body: 'callId=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.status).toBe(415);
    expect((await errorOf(response)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await app.request('POST', '/api/calls', { body: '{"callId":', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('BAD_REQUEST');
  });

  it('reports every invalid field with its path', async () => {
    const response = await app.request('POST', '/api/calls', {
      json: { callId: 'has space', type: 'inbound', status: 'exploded', startTime: 'yesterday', metadata: { roomId: 'r' }, extra: true },
    });
    expect(response.status).toBe(400);
    const paths = ((await errorOf(response)).details.issues as Array<{ path: string }>).map((issue) => issue.path).sort();
    expect(paths).toEqual(['callId', 'extra', 'metadata.roomId', 'startTime', 'status']);
  });

  it('refuses a body over the limit with 413', async () => {
    const small = createTestApp({ bodyLimitBytes: 256 });
    const response = await small.request('POST', '/api/calls', { json: { callId: 'x', type: 'inbound', metadata: { note: 'y'.repeat(1000) } } });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers HEAD like GET without a body', async () => {
    const response = await app.request('HEAD', '/health', { auth: null });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('answers a store fault with a logged 500 that carries no detail', async () => {
    const broken: CallStore = { ...createMemoryStore(), listCalls: () => Promise.reject(new Error('disk on fire at /var/secret/path')) };
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const faulty = createTestApp({ store: broken, logger });
    const response = await faulty.request('GET', '/api/calls');
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
    expect(body).not.toContain('secret');
    expect(logger.error).toHaveBeenCalledOnce();
  });

  it('answers /health 503 UNAVAILABLE, logged with the reason, when the store fails', async () => {
    const broken: CallStore = { ...createMemoryStore(), lastSeq: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432')) };
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const response = await createTestApp({ store: broken, logger }).request('GET', '/health', { auth: null });
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: { code: 'UNAVAILABLE', message: 'The server cannot serve requests now' } });
    expect(body).not.toContain('10.0.0.5');
    expect(logger.error).toHaveBeenCalledOnce();
    expect(logger.error.mock.calls[0]![0].err.cause.message).toContain('ECONNREFUSED');
  });

  it('answers /health 503 once the store has taken 2 s, without waiting for it', async () => {
    vi.useFakeTimers();
    try {
      const hung: CallStore = { ...createMemoryStore(), lastSeq: () => new Promise<number>(() => undefined) };
      const answer = createTestApp({ store: hung }).request('GET', '/health', { auth: null });
      let status: number | undefined;
      void answer.then((response) => (status = response.status));
      await vi.advanceTimersByTimeAsync(1999);
      expect(status).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(status).toBe(503);
      expect((await errorOf(await answer)).code).toBe('UNAVAILABLE');
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs one line per request with the route pattern, never the credential', async () => {
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const logged = createTestApp({ logger });
    await logged.request('GET', '/api/calls/abc');
    expect(logger.info).toHaveBeenCalledWith(expect.objectContaining({ route: 'GET /api/calls/:id', status: 404, method: 'GET' }), 'request');
    expect(JSON.stringify(logger.info.mock.calls)).not.toContain('test-key');
  });
});

describe('createCallboardHandler: rate limits', () => {
  it('answers 429 with Retry-After once a credential has used its burst, and lets it through after the refill', async () => {
    const clock = createFakeClock(Date.parse('2026-03-01T00:00:00Z'));
    const app = createTestApp({ clock, rateLimit: { api: { ratePerSec: 1, burst: 3 } } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.request('GET', '/api/calls/active')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await app.request('GET', '/api/calls/active');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await errorOf(limited)).code).toBe('RATE_LIMITED');
    clock.advance(1000);
    expect((await app.request('GET', '/api/calls/active')).status).toBe(200);
  });

  it('limits webhooks per source address', async () => {
    const clock = createFakeClock(Date.parse('2026-03-01T00:00:00Z'));
    const app = createTestApp({ clock, providers: { fake: createRecordingProvider() }, rateLimit: { webhooks: { ratePerSec: 1, burst: 2 } } });
    const post = (address: string) =>
      app.handler(
        new Request('http://127.0.0.1/webhooks/fake', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-test-signature': 'let-me-in' },
          body: JSON.stringify({ callId: `c-${Math.random()}`, status: 'ringing' }),
        }),
        { remoteAddress: address },
      );
    expect([(await post('10.0.0.1')).status, (await post('10.0.0.1')).status, (await post('10.0.0.1')).status]).toEqual([200, 200, 429]);
    expect((await post('10.0.0.2')).status).toBe(200);
  });
});

describe('createCallboardHandler: CORS', () => {
  const app = createTestApp({ cors: { origins: ['https://wall.example.com'] } });

  it('answers an allowed preflight with the methods and headers', async () => {
    const response = await app.request('OPTIONS', '/api/calls', {
      auth: null,
      headers: { origin: 'https://wall.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://wall.example.com');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('refuses a preflight from another origin', async () => {
    const response = await app.request('OPTIONS', '/api/calls', {
      auth: null,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks answers to an allowed origin, and only those', async () => {
    const allowed = await app.request('GET', '/api/calls/active', { headers: { origin: 'https://wall.example.com' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://wall.example.com');
    const other = await app.request('GET', '/api/calls/active', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('createCallboardHandler: access', () => {
  it('in dev mode (no key) allows everything', async () => {
    const app = createTestApp({ apiKeys: [] });
    expect(app.handler.devMode).toBe(true);
    expect((await app.request('GET', '/api/calls', { auth: null })).status).toBe(200);
    const me = (await (await app.request('GET', '/api/me', { auth: null })).json()) as { devMode: boolean; scopes: string[] };
    expect(me).toMatchObject({ devMode: true, scopes: ['ingest', 'read', 'admin'] });
  });

  it('serves /metrics without a credential only when configured public', async () => {
    expect((await createTestApp().request('GET', '/metrics', { auth: null })).status).toBe(401);
    const open = await createTestApp({ metricsPublic: true }).request('GET', '/metrics', { auth: null });
    expect(open.status).toBe(200);
    expect(open.headers.get('content-type')).toContain('text/plain');
  });

  it('strips its mount path before routing', async () => {
    const app = createTestApp({ basePath: '/callboard' });
    expect((await app.request('GET', '/callboard/health')).status).toBe(200);
    expect((await app.request('GET', '/health')).status).toBe(200);
  });
});
