import { describe, expect, it } from 'vitest';
import { BOT_STATUS_MAP } from '../bot/map-bot-status.js';
import { createTestApp } from '../__tests__/create-test-app.js';

type CallBody = { call: Record<string, any> };
const start = { callId: 'BOT-1', type: 'inbound', caller: '+254700000001', receiver: '+254700000002', startTime: '2026-02-01T08:00:00Z' };

describe('POST /api/calls', () => {
  it('creates the call with the bot fields mapped onto the call model', async () => {
    const app = createTestApp();
    const response = await app.request('POST', '/api/calls', { json: { ...start, status: 'ringing', language: 'sw', metadata: { agent: 'amina' } } });
    expect(response.status).toBe(201);
    expect(((await response.json()) as CallBody).call).toMatchObject({
      provider: 'bot',
      providerCallId: 'BOT-1',
      direction: 'inbound',
      from: '+254700000001',
      to: '+254700000002',
      status: 'ringing',
      language: 'sw',
      startedAt: '2026-02-01T08:00:00.000Z',
      metadata: { agent: 'amina' },
    });
  });

  it('defaults the status to in-progress and accepts `direction` for `type`', async () => {
    const app = createTestApp();
    const response = await app.request('POST', '/api/calls', { json: { callId: 'BOT-2', direction: 'Outbound' } });
    expect(((await response.json()) as CallBody).call).toMatchObject({ status: 'in-progress', direction: 'outbound' });
  });

  it('refuses a call without a direction, or with a contradicting one', async () => {
    const app = createTestApp();
    expect((await app.request('POST', '/api/calls', { json: { callId: 'BOT-3' } })).status).toBe(400);
    expect((await app.request('POST', '/api/calls', { json: { callId: 'BOT-3', type: 'inbound', direction: 'outbound' } })).status).toBe(400);
    expect(await app.store.lastSeq()).toBe(0);
  });

  for (const [word, status] of Object.entries(BOT_STATUS_MAP)) {
    it(`maps the bot status "${word}" to ${status}`, async () => {
      const app = createTestApp();
      const response = await app.request('POST', '/api/calls', { json: { callId: `S-${word}`, type: 'outbound', status: word.toUpperCase() } });
      expect(((await response.json()) as CallBody).call.status).toBe(status);
    });
  }
});

describe('PATCH /api/calls/:callId', () => {
  it('ends the call with status, end time, duration, satisfaction and a text transcript', async () => {
    const app = createTestApp();
    await app.request('POST', '/api/calls', { json: start });
    const response = await app.request('PATCH', '/api/calls/BOT-1', {
      json: {
        status: 'success',
        endTime: '2026-02-01T08:05:00Z',
        duration: 300,
        satisfaction: 4,
        metadata: { outcome: 'resolved' },
        transcript: 'User: my card is blocked\nBot: I can help with that\n\nthanks for waiting',
      },
    });
    expect(response.status).toBe(200);
    const { call } = (await response.json()) as CallBody;
    expect(call).toMatchObject({
      status: 'completed',
      hangupCause: 'normal',
      hangupCauseRaw: 'success',
      endedAt: '2026-02-01T08:05:00.000Z',
      durationSec: 300,
      metadata: { satisfaction: 4, outcome: 'resolved' },
    });
    expect(call.transcript.map((segment: { role: string; text: string }) => [segment.role, segment.text])).toEqual([
      ['caller', 'my card is blocked'],
      ['bot', 'I can help with that'],
      ['bot', 'thanks for waiting'],
    ]);
  });

  it('answers 404 for a call it does not know, and stores nothing', async () => {
    const app = createTestApp();
    const response = await app.request('PATCH', '/api/calls/NOPE', { json: { status: 'failed' } });
    expect(response.status).toBe(404);
    expect(await app.store.lastSeq()).toBe(0);
  });

  it('updates without a status (end time only) and leaves the status alone', async () => {
    const app = createTestApp();
    await app.request('POST', '/api/calls', { json: start });
    const { call } = (await (await app.request('PATCH', '/api/calls/BOT-1', { json: { endTime: '2026-02-01T08:01:00Z' } })).json()) as CallBody;
    expect(call).toMatchObject({ status: 'in-progress', endedAt: '2026-02-01T08:01:00.000Z' });
  });
});

describe('PATCH /api/calls/:callId/transcript', () => {
  it('appends one line, then several, in order', async () => {
    const app = createTestApp();
    await app.request('POST', '/api/calls', { json: start });
    await app.request('PATCH', '/api/calls/BOT-1/transcript', { json: { text: 'Hello', role: 'assistant', at: '2026-02-01T08:00:01Z' } });
    const response = await app.request('PATCH', '/api/calls/BOT-1/transcript', {
      json: { segments: [{ text: 'Hi, I need help', role: 'customer', at: '2026-02-01T08:00:03Z' }, { text: 'Sure', at: '2026-02-01T08:00:05Z', isFinal: false }] },
    });
    const { call } = (await response.json()) as CallBody;
    expect(call.transcript.map((segment: any) => [segment.role, segment.text, segment.isFinal])).toEqual([
      ['bot', 'Hello', true],
      ['caller', 'Hi, I need help', true],
      ['bot', 'Sure', false],
    ]);
  });

  it('refuses a body with both a line and segments', async () => {
    const app = createTestApp();
    await app.request('POST', '/api/calls', { json: start });
    const response = await app.request('PATCH', '/api/calls/BOT-1/transcript', { json: { text: 'a', segments: [{ text: 'b' }] } });
    expect(response.status).toBe(400);
  });
});

describe('POST /api/calls/:callId/events', () => {
  it('stores a live event without changing the call', async () => {
    const app = createTestApp();
    await app.request('POST', '/api/calls', { json: start });
    const response = await app.request('POST', '/api/calls/BOT-1/events', { json: { type: 'sentiment', data: { score: 0.8 } } });
    expect(response.status).toBe(202);
    const { events } = (await (await app.request('GET', '/api/calls/BOT-1?events=1')).json()) as { events: Array<{ event: any }> };
    expect(events.at(-1)!.event).toMatchObject({ type: 'call.live', name: 'sentiment', data: { score: 0.8 }, provider: 'bot', providerCallId: 'BOT-1' });
  });
});

describe('Idempotency-Key', () => {
  it('applies a key once and answers the replay like the first request', async () => {
    const app = createTestApp();
    await app.request('POST', '/api/calls', { json: start });
    const line = { json: { text: 'only once' }, headers: { 'idempotency-key': 'line-1' } };
    const first = await app.request('PATCH', '/api/calls/BOT-1/transcript', line);
    const replay = await app.request('PATCH', '/api/calls/BOT-1/transcript', line);
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const firstCall = ((await first.json()) as CallBody).call;
    const replayCall = ((await replay.json()) as CallBody).call;
    expect(replayCall.transcript).toEqual(firstCall.transcript);
    expect(replayCall.transcript).toHaveLength(1);
  });

  it('applies a key once even when the server forgot the request (the store dedupes the events)', async () => {
    const app = createTestApp();
    const body = { json: { ...start, callId: 'IDEM-2' }, headers: { 'idempotency-key': 'start-2' } };
    await app.request('POST', '/api/calls', body);
    const restarted = createTestApp({ store: app.store });
    const replay = await restarted.request('POST', '/api/calls', body);
    expect(replay.status).toBe(201);
    expect(await app.store.lastSeq()).toBe(1);
  });

  it('refuses a key reused for a different request', async () => {
    const app = createTestApp();
    await app.request('POST', '/api/calls', { json: start, headers: { 'idempotency-key': 'k-1' } });
    const reused = await app.request('POST', '/api/calls', { json: { ...start, callId: 'OTHER' }, headers: { 'idempotency-key': 'k-1' } });
    expect(reused.status).toBe(409);
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe('CONFLICT');
  });

  it('refuses a malformed key', async () => {
    const app = createTestApp();
    const response = await app.request('POST', '/api/calls', { json: start, headers: { 'idempotency-key': 'x'.repeat(201) } });
    expect(response.status).toBe(400);
  });
});
