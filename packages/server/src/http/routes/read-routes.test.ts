import { CALL_EVENT_VERSION, type CallEvent } from '@callboard/core';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../__tests__/create-test-app.js';

function status(id: string, value: 'ringing' | 'completed' | 'busy', at: string, extra: Partial<CallEvent> = {}): CallEvent {
  return {
    v: CALL_EVENT_VERSION,
    type: 'call.status',
    key: `${id}:${value}`,
    provider: 'twilio',
    providerCallId: id,
    status: value,
    direction: 'outbound',
    from: '+15550001',
    to: '+15550002',
    occurredAt: at,
    receivedAt: at,
    ...extra,
  } as CallEvent;
}

async function seeded() {
  const app = createTestApp();
  await app.hub.ingest([
    status('CA1', 'completed', '2026-04-01T10:00:00Z', { durationSec: 120, language: 'en' } as Partial<CallEvent>),
    status('CA2', 'busy', '2026-04-01T11:00:00Z'),
    status('CA3', 'ringing', '2026-04-01T12:00:00Z'),
  ]);
  return app;
}

describe('reads', () => {
  it('GET /api/calls filters, pages and counts', async () => {
    const app = await seeded();
    const page = (await (await app.request('GET', '/api/calls?status=completed,busy&limit=1&sort=oldest')).json()) as any;
    expect(page.total).toBe(2);
    expect(page.calls.map((call: any) => call.providerCallId)).toEqual(['CA1']);
    const next = (await (await app.request('GET', `/api/calls?status=completed&status=busy&limit=1&sort=oldest&cursor=${encodeURIComponent(page.nextCursor)}`)).json()) as any;
    expect(next.calls.map((call: any) => call.providerCallId)).toEqual(['CA2']);
  });

  it('GET /api/calls, /stats and the export filter by metadata key:value pairs', async () => {
    const app = createTestApp();
    await app.hub.ingest([
      status('CA1', 'completed', '2026-04-01T10:00:00Z', { metadata: { tenant: 'acme', team: 'north' } } as Partial<CallEvent>),
      status('CA2', 'busy', '2026-04-01T11:00:00Z', { metadata: { tenant: 'zen' } } as Partial<CallEvent>),
      status('CA3', 'ringing', '2026-04-01T12:00:00Z', { metadata: { tenant: 'acme', note: 'a:b' } } as Partial<CallEvent>),
    ]);
    const ids = async (query: string) => ((await (await app.request('GET', `/api/calls?${query}`)).json()) as any).calls.map((call: any) => call.providerCallId);
    expect(await ids('metadata=tenant:acme')).toEqual(['CA3', 'CA1']);
    expect(await ids('metadata=tenant:acme,team:north')).toEqual(['CA1']);
    expect(await ids('metadata=tenant:acme&metadata=team:north')).toEqual(['CA1']);
    expect(await ids(`metadata=${encodeURIComponent('note:a:b')}`)).toEqual(['CA3']);
    expect(await ids('metadata=tenant:')).toEqual([]);
    expect(((await (await app.request('GET', '/api/calls/stats?metadata=tenant:zen')).json()) as any).total).toBe(1);
    const csv = await (await app.request('GET', '/api/calls/export.csv?metadata=tenant:zen')).text();
    expect(csv.trim().split('\n')).toHaveLength(2);
    for (const query of ['metadata=tenant', 'metadata=:acme', 'metadata=a%20b:x', 'metadata=__proto__:x', 'metadata=t:1,t:2', `metadata=${Array.from({ length: 9 }, (_, i) => `k${i}:v`).join(',')}`]) {
      const response = await app.request('GET', `/api/calls?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as any).error.details.issues.length, query).toBeGreaterThan(0);
    }
  });

  it('GET /api/calls refuses unknown or malformed parameters with the parameter named', async () => {
    const app = await seeded();
    for (const query of ['limit=0', 'limit=abc', 'status=exploded', 'from=yesterday', 'sort=random', 'foo=1', 'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'limit=1&limit=2']) {
      const response = await app.request('GET', `/api/calls?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as any).error.details.issues.length, query).toBeGreaterThan(0);
    }
  });

  it('GET /api/calls/active, /stats and /analytics answer from the store', async () => {
    const app = await seeded();
    const active = (await (await app.request('GET', '/api/calls/active')).json()) as any;
    expect(active.calls.map((call: any) => call.providerCallId)).toEqual(['CA3']);
    const stats = (await (await app.request('GET', '/api/calls/stats?direction=outbound')).json()) as any;
    expect(stats).toMatchObject({ total: 3, active: 1 });
    const analytics = (await (
      await app.request('GET', '/api/calls/analytics?from=2026-04-01T00:00:00Z&to=2026-04-02T00:00:00Z&tz=Africa/Nairobi&bucket=hour')
    ).json()) as any;
    expect(analytics).toMatchObject({ timeZone: 'Africa/Nairobi', bucket: 'hour' });
    expect(analytics.totals.calls).toBe(3);
  });

  it('GET /api/calls/analytics refuses an unknown time zone and too many buckets', async () => {
    const app = await seeded();
    expect((await app.request('GET', '/api/calls/analytics?tz=Mars/Olympus')).status).toBe(400);
    expect((await app.request('GET', '/api/calls/analytics?from=2000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=minute')).status).toBe(400);
  });

  it('GET /api/calls/:id finds a call by Callboard id or provider id, with events on request', async () => {
    const app = await seeded();
    const byProvider = (await (await app.request('GET', '/api/calls/CA1')).json()) as any;
    expect(byProvider.events).toBeUndefined();
    const byId = (await (await app.request('GET', `/api/calls/${byProvider.call.id}?events=1`)).json()) as any;
    expect(byId.call.providerCallId).toBe('CA1');
    expect(byId.events).toHaveLength(1);
    expect((await app.request('GET', '/api/calls/missing')).status).toBe(404);
  });

  it('GET /api/calls/export.csv streams the filtered calls with a header row', async () => {
    const app = await seeded();
    const response = await app.request('GET', '/api/calls/export.csv?status=completed');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="calls-\d{4}-\d{2}-\d{2}\.csv"/);
    const [header, ...rows] = (await response.text()).trimEnd().split('\r\n');
    expect(header!.split(',').slice(0, 7)).toEqual(['id', 'provider', 'providerCallId', 'direction', 'from', 'to', 'status']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(',CA1,');
  });
});
