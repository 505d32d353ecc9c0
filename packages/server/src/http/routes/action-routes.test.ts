import { createSimulatedProvider } from '@callboard/core/simulated';
import { createFakeClock } from '@callboard/core/testing';
import { describe, expect, it } from 'vitest';
import { createAuth } from '../../auth/index.js';
import { createTestApp, TEST_API_KEY } from '../__tests__/create-test-app.js';

function simulatedApp() {
  const clock = createFakeClock(Date.parse('2026-05-01T09:00:00Z'));
  const simulated = createSimulatedProvider({ clock });
  const app = createTestApp({ providers: { simulated }, clock });
  const detach = app.hub.start();
  return { app, clock, detach };
}

describe('actions', () => {
  it('POST /api/calls/initiate places a call and gives it an unguessable room kept in its metadata', async () => {
    const { app, detach } = simulatedApp();
    const response = await app.request('POST', '/api/calls/initiate', { json: { to: '+254711000111' } });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { callId: string; roomId: string };
    expect(body.roomId).toMatch(/^room_[0-9a-f]{32}$/);
    const { call } = (await (await app.request('GET', `/api/calls/${body.callId}`)).json()) as { call: any };
    expect(call).toMatchObject({ id: body.callId, provider: 'simulated', to: '+254711000111', metadata: { roomId: body.roomId } });
    detach();
  });

  it('POST /api/calls/initiate refuses an unknown provider or a bad number', async () => {
    const { app, detach } = simulatedApp();
    expect((await app.request('POST', '/api/calls/initiate', { json: { to: '+254711000111', provider: 'vonage' } })).status).toBe(400);
    expect((await app.request('POST', '/api/calls/initiate', { json: { to: 'call me maybe' } })).status).toBe(400);
    expect(await app.store.lastSeq()).toBe(0);
    detach();
  });

  it('POST /api/calls/:id/terminate hangs up a live call, and refuses one that ended', async () => {
    const { app, clock, detach } = simulatedApp();
    const { callId } = (await (await app.request('POST', '/api/calls/initiate', { json: { to: '+254711000111' } })).json()) as { callId: string };
    const terminated = await app.request('POST', `/api/calls/${callId}/terminate`, { json: {} });
    expect(terminated.status).toBe(200);
    clock.advance(1000);
    await new Promise((resolve) => setImmediate(resolve));
    const { call } = (await (await app.request('GET', `/api/calls/${callId}`)).json()) as { call: { status: string } };
    expect(['canceled', 'completed']).toContain(call.status);
    const again = await app.request('POST', `/api/calls/${callId}/terminate`);
    expect(again.status).toBe(409);
    detach();
  });

  it('POST /api/calls/:id/terminate says a bot call cannot be hung up from here', async () => {
    const app = createTestApp();
    await app.request('POST', '/api/calls', { json: { callId: 'B1', type: 'inbound' } });
    const response = await app.request('POST', '/api/calls/B1/terminate');
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED');
  });

  it('DELETE /api/calls/:id deletes the call', async () => {
    const app = createTestApp();
    await app.request('POST', '/api/calls', { json: { callId: 'D1', type: 'inbound' } });
    expect((await app.request('DELETE', '/api/calls/D1')).status).toBe(204);
    expect((await app.request('GET', '/api/calls/D1')).status).toBe(404);
    expect((await app.request('DELETE', '/api/calls/D1')).status).toBe(404);
  });

  it('POST /api/tokens mints a token that carries exactly its scopes and rooms', async () => {
    const app = createTestApp();
    const response = await app.request('POST', '/api/tokens', { json: { subject: 'wallboard', scopes: ['read'], ttlSec: 600, rooms: ['room_1'] } });
    expect(response.status).toBe(201);
    const { token, expiresAt } = (await response.json()) as { token: string; expiresAt: string };
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const me = (await (await app.request('GET', '/api/me', { auth: token })).json()) as any;
    expect(me).toMatchObject({ subject: 'token:wallboard', kind: 'token', scopes: ['read'], rooms: ['room_1'], devMode: false });
    expect((await app.request('DELETE', '/api/calls/x', { auth: token })).status).toBe(403);
    expect(createAuth({ apiKeys: [TEST_API_KEY] }).authenticate(token)?.subject).toBe('token:wallboard');
  });

  it('POST /api/tokens refuses unknown scopes and too long lives', async () => {
    const app = createTestApp();
    expect((await app.request('POST', '/api/tokens', { json: { subject: 's', scopes: ['root'], ttlSec: 60 } })).status).toBe(400);
    expect((await app.request('POST', '/api/tokens', { json: { subject: 's', scopes: ['read'], ttlSec: 999_999_999 } })).status).toBe(400);
  });
});
