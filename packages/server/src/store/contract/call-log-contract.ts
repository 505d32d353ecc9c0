import type { Call } from '@callboard/core';
import { describe, expect, it } from 'vitest';
import type { CallListQuery } from '../call-store.js';
import { NEWEST_FIRST } from './contract-dataset.js';
import { callEvents, statusEvent } from './contract-events.js';
import type { ContractStore } from './use-contract-store.js';

const ids = (calls: Call[]) => calls.map((call) => call.providerCallId);

/** Contract: the call log (filters, search, sorts, keyset pagination, totals), active calls, stats, export. */
export function callLogContract(ctx: ContractStore): void {
  async function all(query: CallListQuery): Promise<{ ids: string[]; totals: number[] }> {
    const out: string[] = [];
    const totals: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await ctx.store.listCalls({ ...query, ...(cursor ? { cursor } : {}) });
      out.push(...ids(page.calls));
      totals.push(page.total);
      cursor = page.nextCursor;
    } while (cursor);
    return { ids: out, totals };
  }

  describe('listCalls', () => {
    it('lists newest first by default, with the total', async () => {
      await ctx.seed();
      const page = await ctx.store.listCalls({});
      expect(ids(page.calls)).toEqual(NEWEST_FIRST);
      expect(page.total).toBe(8);
      expect(page.nextCursor).toBeUndefined();
    });

    it.each([
      ['oldest', [...NEWEST_FIRST].reverse()],
      ['longest', ['CA5', 'CA2', 'CA1', 'CA8', 'CA7', 'CA6', 'CA4', 'CA3']],
      ['shortest', ['CA3', 'CA4', 'CA6', 'CA7', 'CA8', 'CA1', 'CA2', 'CA5']],
    ] as const)('sorts %s (unknown durations count as shortest, ties by id)', async (sort, expected) => {
      await ctx.seed();
      expect(ids((await ctx.store.listCalls({ sort })).calls)).toEqual(expected);
    });

    it.each([
      ['status', { status: ['completed'] }, ['CA8', 'CA5', 'CA2', 'CA1']],
      ['several statuses', { status: ['busy', 'failed', 'in-progress'] }, ['CA7', 'CA6', 'CA4']],
      ['direction', { direction: 'outbound' }, ['CA8', 'CA6', 'CA3', 'CA2']],
      ['provider', { provider: ['telnyx'] }, ['CA5', 'CA2']],
      ['language', { language: ['fr', 'de'] }, ['CA5', 'CA3']],
      ['start range (from inclusive, to exclusive)', { from: '2026-01-05T14:00:00Z', to: '2026-01-07T10:05:00Z' }, ['CA6', 'CA5', 'CA4', 'CA3']],
      ['range edges inside hours and days', { from: '2026-01-05T09:15:00Z', to: '2026-01-06T23:59:30Z' }, ['CA5', 'CA4', 'CA3', 'CA2']],
      ['only a from', { from: '2026-01-07T00:00:00Z' }, ['CA8', 'CA7', 'CA6']],
      ['only a to', { to: '2026-01-05T10:00:00Z' }, ['CA2', 'CA1']],
      ['min duration', { minDurationSec: 30 }, ['CA5', 'CA2', 'CA1']],
      ['max duration', { maxDurationSec: 30 }, ['CA8', 'CA1']],
      ['filters combined', { status: ['completed'], direction: 'inbound', language: ['en', 'fr'], from: '2026-01-05T00:00:00Z', to: '2026-01-08T00:00:00Z' }, ['CA5', 'CA1']],
      ['a status nobody has', { status: ['canceled'] }, []],
    ] as Array<[string, CallListQuery, string[]]>)('filters by %s, with a matching total', async (_, query, expected) => {
      await ctx.seed();
      const page = await ctx.store.listCalls(query);
      expect(ids(page.calls)).toEqual(expected);
      expect(page.total).toBe(expected.length);
    });

    it('filters on createdAt when a call has not started', async () => {
      await ctx.store.append([statusEvent('CQ', 'queued', '2026-01-09T08:00:00.000Z')]);
      expect(ids((await ctx.store.listCalls({ from: '2026-01-09T00:00:00Z', to: '2026-01-10T00:00:00Z' })).calls)).toEqual(['CQ']);
    });

    it.each([
      ['the Callboard id', 'call_0003', ['CA3']],
      ['a prefix of the Callboard id', 'call_000', NEWEST_FIRST],
      ['the provider call id, as written', 'CA7', ['CA7']],
      ['a prefix of the provider call id', 'CA', NEWEST_FIRST],
      ['an id in another case (ids are matched as written)', 'ca7', []],
      ['the middle of an id (ids are matched by prefix)', 'all_0003', []],
      ['a substring of the calling number', '50000004', ['CA4']],
      ['a prefix of the called number', '+44207', NEWEST_FIRST],
      ['transcript text, ignoring case', 'refund', ['CA5']],
      ['transcript text across words', 'picked up the', ['CA3']],
      ['a two-character needle, against id prefixes and numbers only', '55', NEWEST_FIRST],
      ['a two-character needle that only a transcript holds', 'nd', []],
      ['text nobody has', 'zzzz', []],
      ['LIKE wildcards, literally', '%_', []],
      ['quotes, literally', '"refund', []],
    ])('searches by %s', async (_, q, expected) => {
      await ctx.seed();
      const page = await ctx.store.listCalls({ q: q as string, limit: 500 });
      expect(ids(page.calls)).toEqual(expected);
      expect(page.total).toBe((expected as string[]).length);
    });

    it('combines search with filters and totals', async () => {
      await ctx.seed();
      const page = await ctx.store.listCalls({ q: '+1555', status: ['completed'], minDurationSec: 20 });
      expect(ids(page.calls)).toEqual(['CA5', 'CA2', 'CA1']);
      expect(page.total).toBe(3);
    });

    it.each(['newest', 'oldest', 'longest', 'shortest'] as const)('pages through everything with %s, no row twice, total on every page', async (sort) => {
      await ctx.seed();
      const whole = ids((await ctx.store.listCalls({ sort })).calls);
      const paged = await all({ sort, limit: 3 });
      expect(paged.ids).toEqual(whole);
      expect(paged.totals).toEqual([8, 8, 8]);
    });

    it('pages through a filtered log', async () => {
      await ctx.seed();
      expect((await all({ status: ['completed', 'busy'], limit: 2 })).ids).toEqual(['CA8', 'CA5', 'CA4', 'CA2', 'CA1']);
    });

    it('keeps pagination stable when calls arrive between pages', async () => {
      await ctx.seed();
      const first = await ctx.store.listCalls({ limit: 3 });
      expect(ids(first.calls)).toEqual(['CA8', 'CA7', 'CA6']);
      await ctx.store.append(callEvents({ providerCallId: 'CA-new', start: '2026-01-09T00:00:00.000Z', status: 'completed', durationSec: 5 }));
      await ctx.store.append(callEvents({ providerCallId: 'CA-old', start: '2026-01-01T00:00:00.000Z', status: 'busy' }));
      const rest = await ctx.store.listCalls({ limit: 10, cursor: first.nextCursor! });
      expect(ids(rest.calls)).toEqual(['CA5', 'CA4', 'CA3', 'CA2', 'CA1', 'CA-old']);
      expect(rest.total).toBe(10);
    });

    it('rejects a cursor that is garbage or from another sort, and a bad limit, with INVALID_ARGUMENT', async () => {
      await ctx.seed();
      const page = await ctx.store.listCalls({ limit: 2 });
      await expect(ctx.store.listCalls({ cursor: 'garbage!' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.store.listCalls({ sort: 'longest', cursor: page.nextCursor! })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.store.listCalls({ limit: 501 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.store.listCalls({ from: 'yesterday' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });

  describe('activeCalls and stats', () => {
    it('lists every non-terminal call, newest first', async () => {
      await ctx.seed();
      await ctx.store.append([statusEvent('CA9', 'ringing', '2026-01-07T11:00:00.000Z')]);
      expect(ids(await ctx.store.activeCalls())).toEqual(['CA9', 'CA7']);
    });

    it('computes KPI numbers over all calls', async () => {
      await ctx.seed();
      const stats = await ctx.store.stats();
      expect(stats).toMatchObject({ total: 8, active: 1, answerRate: 4 / 7 });
      expect(stats.averageDurationSec).toBeCloseTo(107.5, 6);
      expect(stats.byStatus).toEqual({ queued: 0, initiated: 0, ringing: 0, 'in-progress': 1, completed: 4, busy: 1, 'no-answer': 1, failed: 1, canceled: 0 });
    });

    it.each([
      ['a rollup filter', { direction: 'inbound', from: '2026-01-05T09:15:00Z' }, { total: 3, active: 1, answerRate: 1 / 2, averageDurationSec: 300 }],
      ['a search', { q: 'refund' }, { total: 1, active: 0, answerRate: 1, averageDurationSec: 300 }],
      ['a duration bound', { maxDurationSec: 30 }, { total: 2, active: 0, answerRate: 1, averageDurationSec: 20 }],
      ['nothing matching', { status: ['canceled'] }, { total: 0, active: 0, answerRate: null, averageDurationSec: null }],
    ] as const)('computes KPI numbers over %s', async (_, filter, expected) => {
      await ctx.seed();
      expect(await ctx.store.stats(filter as never)).toMatchObject(expected);
    });
  });

  describe('metadata filter', () => {
    async function seedTenants(): Promise<void> {
      const at = (minute: number) => new Date(Date.UTC(2026, 1, 1, 9, minute)).toISOString();
      await ctx.store.append([
        statusEvent('CT1', 'completed', at(1), { metadata: { tenant: 'acme', 'team.name': 'north' } }),
        statusEvent('CT2', 'ringing', at(2), { metadata: { tenant: 'zen' } }),
        statusEvent('CT3', 'busy', at(3), { metadata: { tenant: 'acme', 'team.name': 'south' } }),
        statusEvent('CT4', 'completed', at(4), { metadata: { tenant: 7 } }),
        statusEvent('CT5', 'completed', at(5), { metadata: { tenant: 'ACME' } }),
        statusEvent('CT6', 'failed', at(6)),
        statusEvent('CT7', 'in-progress', at(7), { metadata: { tenant: 'acme', nested: { tenant: 'zen' } } }),
      ]);
      // Metadata merges: a later update moves CT2 to acme.
      await ctx.store.append([statusEvent('CT2', 'in-progress', at(8), { metadata: { tenant: 'acme' } })]);
    }

    it.each([
      ['one key', { tenant: 'acme' }, ['CT7', 'CT3', 'CT2', 'CT1']],
      ['two keys', { tenant: 'acme', 'team.name': 'south' }, ['CT3']],
      ['a key with a dot, which is not a path', { 'team.name': 'north' }, ['CT1']],
      ['a string, never a number of the same digits', { tenant: '7' }, []],
      ['exact case', { tenant: 'ACME' }, ['CT5']],
      ['a top-level key only', { nested: 'zen' }, []],
      ['a key nobody has', { region: 'eu' }, []],
    ] as Array<[string, Record<string, string>, string[]]>)('matches %s, with a matching total', async (_, metadata, expected) => {
      await seedTenants();
      const page = await ctx.store.listCalls({ metadata });
      expect(ids(page.calls)).toEqual(expected);
      expect(page.total).toBe(expected.length);
    });

    it('combines with other filters, pages, stats and the export', async () => {
      await seedTenants();
      expect(ids((await ctx.store.listCalls({ metadata: { tenant: 'acme' }, status: ['completed', 'busy'] })).calls)).toEqual(['CT3', 'CT1']);
      const first = await ctx.store.listCalls({ metadata: { tenant: 'acme' }, limit: 3 });
      const rest = await ctx.store.listCalls({ metadata: { tenant: 'acme' }, limit: 3, cursor: first.nextCursor! });
      expect([...ids(first.calls), ...ids(rest.calls)]).toEqual(['CT7', 'CT3', 'CT2', 'CT1']);
      expect(await ctx.store.stats({ metadata: { tenant: 'acme' } })).toMatchObject({ total: 4, active: 2 });
      const exported: string[] = [];
      for await (const call of ctx.store.exportCalls({ metadata: { tenant: 'acme' }, sort: 'oldest' })) exported.push(call.providerCallId);
      expect(exported).toEqual(['CT1', 'CT2', 'CT3', 'CT7']);
    });

    it.each([
      ['a key with a quote', { 'a"b': 'x' }],
      ['an empty key', { '': 'x' }],
      ['__proto__', JSON.parse('{"__proto__": "x"}') as Record<string, string>],
      ['a value that is not a string', { tenant: 7 as unknown as string }],
      ['too many keys', Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v']))],
    ])('refuses %s with INVALID_ARGUMENT', async (_, metadata) => {
      await expect(ctx.store.listCalls({ metadata })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'metadata' } });
    });
  });

  describe('exportCalls', () => {
    it('streams every matching call in order, over several batches', async () => {
      const events = Array.from({ length: 1201 }, (_, i) =>
        statusEvent(`CX${i}`, i % 3 === 0 ? 'busy' : 'ringing', new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), { direction: 'inbound' }),
      );
      await ctx.store.append(events);
      const seen: string[] = [];
      for await (const call of ctx.store.exportCalls({ sort: 'oldest', status: ['ringing'] })) seen.push(call.providerCallId);
      expect(seen).toHaveLength(800);
      expect(seen.slice(0, 3)).toEqual(['CX1', 'CX2', 'CX4']);
      expect(seen[seen.length - 1]).toBe('CX1199');
    });

    it('can be stopped early', async () => {
      await ctx.seed();
      const seen: string[] = [];
      for await (const call of ctx.store.exportCalls({})) {
        seen.push(call.providerCallId);
        if (seen.length === 2) break;
      }
      expect(seen).toEqual(['CA8', 'CA7']);
    });
  });
}
