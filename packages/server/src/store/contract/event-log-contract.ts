import { describe, expect, it } from 'vitest';
import { liveEvent, statusEvent } from './contract-events.js';
import type { ContractStore } from './use-contract-store.js';

/** Contract: the ordered event log (eventsAfter, callEvents, lastSeq, retention) and deleting calls. */
export function eventLogContract(ctx: ContractStore): void {
  describe('event log', () => {
    it('starts empty: lastSeq 0, firstRetainedSeq 1, nothing after 0', async () => {
      expect(await ctx.store.lastSeq()).toBe(0);
      expect(await ctx.store.firstRetainedSeq()).toBe(1);
      expect(await ctx.store.eventsAfter(0)).toEqual([]);
    });

    it('returns events after a seq in ascending order, honouring limit and callId', async () => {
      await ctx.store.append([statusEvent('CA1', 'ringing', '2026-01-01T00:00:00Z'), statusEvent('CA2', 'ringing', '2026-01-01T00:00:01Z')]);
      await ctx.store.append([statusEvent('CA1', 'in-progress', '2026-01-01T00:00:02Z'), statusEvent('CA2', 'busy', '2026-01-01T00:00:03Z')]);
      await ctx.store.append([liveEvent('CA1', 'note', '2026-01-01T00:00:04Z')]);
      expect((await ctx.store.eventsAfter(1)).map((e) => e.seq)).toEqual([2, 3, 4, 5]);
      expect((await ctx.store.eventsAfter(1, { limit: 2 })).map((e) => e.seq)).toEqual([2, 3]);
      expect((await ctx.store.eventsAfter(0, { callId: 'call_0001' })).map((e) => e.seq)).toEqual([1, 3, 5]);
      expect((await ctx.store.eventsAfter(1, { callId: 'call_0001', limit: 1 })).map((e) => e.seq)).toEqual([3]);
      expect(await ctx.store.eventsAfter(5)).toEqual([]);
      const [first] = await ctx.store.eventsAfter(0, { limit: 1 });
      expect(first).toMatchObject({ seq: 1, callId: 'call_0001', event: { type: 'call.status', status: 'ringing', callId: 'call_0001', providerCallId: 'CA1' } });
    });

    it("lists one call's events ascending", async () => {
      await ctx.store.append([statusEvent('CA1', 'ringing', '2026-01-01T00:00:00Z'), statusEvent('CA2', 'ringing', '2026-01-01T00:00:01Z')]);
      await ctx.store.append([statusEvent('CA1', 'completed', '2026-01-01T00:01:00Z')]);
      const events = await ctx.store.callEvents('call_0001');
      expect(events.map((e) => [e.seq, e.event.type === 'call.status' ? e.event.status : ''])).toEqual([[1, 'ringing'], [3, 'completed']]);
      expect(await ctx.store.callEvents('call_missing')).toEqual([]);
    });

    it('prunes events received before a time, keeps the calls, and moves firstRetainedSeq', async () => {
      await ctx.store.append([statusEvent('CA1', 'ringing', '2026-01-01T00:00:00Z'), statusEvent('CA1', 'completed', '2026-01-01T00:01:00Z')]);
      await ctx.store.append([statusEvent('CA2', 'ringing', '2026-01-20T00:00:00Z')]);
      expect(await ctx.store.pruneEvents(new Date('2026-01-10T00:00:00Z'))).toBe(2);
      expect(await ctx.store.firstRetainedSeq()).toBe(3);
      expect((await ctx.store.eventsAfter(0)).map((e) => e.seq)).toEqual([3]);
      expect((await ctx.store.getCall('CA1'))?.status).toBe('completed');
      expect(await ctx.store.pruneEvents(new Date('2026-01-10T00:00:00Z'))).toBe(0);
      expect(await ctx.store.pruneEvents(new Date('2026-02-01T00:00:00Z'))).toBe(1);
      expect(await ctx.store.firstRetainedSeq()).toBe(4);
      expect(await ctx.store.lastSeq()).toBe(3);
      const [next] = await ctx.store.append([statusEvent('CA3', 'ringing', '2026-02-02T00:00:00Z')]);
      expect(next).toMatchObject({ stored: { seq: 4 } });
    });
  });

  describe('pruneCalls', () => {
    it('deletes the calls that started before a time with their events and search entries, and keeps totals, stats and analytics right', async () => {
      const calls = await ctx.seed();
      const old = ['CA1', 'CA2', 'CA3'].map((id) => calls.get(id)!.id);
      const lastSeq = await ctx.store.lastSeq();
      expect(await ctx.store.pruneCalls(new Date('2026-01-06T00:00:00Z'))).toBe(3);
      // Nothing is appended: no call.deleted events to publish.
      expect(await ctx.store.lastSeq()).toBe(lastSeq);
      for (const id of old) {
        expect(await ctx.store.getCall(id)).toBeUndefined();
        expect(await ctx.store.callEvents(id)).toEqual([]);
      }
      expect(await ctx.store.getCall('CA3')).toBeUndefined();
      expect((await ctx.store.eventsAfter(0, { limit: 10_000 })).filter((e) => old.includes(e.callId))).toEqual([]);
      expect((await ctx.store.listCalls({ limit: 500 })).calls.map((call) => call.providerCallId)).toEqual(['CA8', 'CA7', 'CA6', 'CA5', 'CA4']);
      expect((await ctx.store.listCalls({ q: 'Nobody picked up' })).total).toBe(0);
      expect((await ctx.store.listCalls({ q: 'refund' })).calls.map((call) => call.providerCallId)).toEqual(['CA5']);
      const stats = await ctx.store.stats();
      expect([stats.total, stats.byStatus.completed, stats.byStatus['no-answer']]).toEqual([5, 2, 0]);
      for (const bucket of ['hour', 'day'] as const) {
        const analytics = await ctx.store.analytics({ from: '2026-01-05T00:00:00Z', to: '2026-01-08T00:00:00Z', bucket });
        expect(analytics.totals.calls, bucket).toBe(5);
        expect(analytics.volume.reduce((sum, point) => sum + point.calls, 0), bucket).toBe(5);
        expect(analytics.byHangupCause.find((c) => c.cause === 'no_answer'), bucket).toBeUndefined();
      }
      expect(await ctx.store.pruneCalls(new Date('2026-01-06T00:00:00Z'))).toBe(0);
      expect((await ctx.store.listCalls({})).total).toBe(5);
    });

    it('leaves no tombstone: a later event for a pruned provider call starts a new call', async () => {
      await ctx.store.append([statusEvent('CA1', 'ringing', '2026-01-01T00:00:00Z')]);
      expect(await ctx.store.pruneCalls(new Date('2026-01-02T00:00:00Z'))).toBe(1);
      const [late] = await ctx.store.append([statusEvent('CA1', 'completed', '2026-01-03T00:00:00Z')]);
      expect(late?.status).toBe('stored');
      expect((await ctx.store.getCall('CA1'))?.status).toBe('completed');
      expect((await ctx.store.listCalls({})).total).toBe(1);
    });
  });

  describe('deleteCall', () => {
    it('removes the call and its events and appends a call.deleted event with the next seq', async () => {
      const calls = await ctx.seed();
      const ca3 = calls.get('CA3')!;
      const before = await ctx.store.lastSeq();
      const stored = await ctx.store.deleteCall(ca3.id, new Date('2026-03-01T00:00:00Z'));
      expect(stored).toMatchObject({ seq: before + 1, callId: ca3.id, event: { type: 'call.deleted', callId: ca3.id, providerCallId: 'CA3', occurredAt: '2026-03-01T00:00:00.000Z' } });
      expect(await ctx.store.lastSeq()).toBe(before + 1);
      expect(await ctx.store.getCall(ca3.id)).toBeUndefined();
      expect(await ctx.store.getCall('CA3')).toBeUndefined();
      expect((await ctx.store.callEvents(ca3.id)).map((e) => e.event.type)).toEqual(['call.deleted']);
      expect((await ctx.store.eventsAfter(0, { limit: 10_000 })).filter((e) => e.callId === ca3.id)).toHaveLength(1);
    });

    it('keeps totals, stats and analytics right after a delete', async () => {
      const calls = await ctx.seed();
      await ctx.store.deleteCall(calls.get('CA3')!.id, new Date('2026-03-01T00:00:00Z'));
      expect((await ctx.store.listCalls({})).total).toBe(7);
      expect((await ctx.store.listCalls({ status: ['no-answer'] })).total).toBe(0);
      expect((await ctx.store.listCalls({ language: ['fr'], from: '2026-01-05T00:00:00Z', to: '2026-01-08T00:00:00Z' })).total).toBe(1);
      expect((await ctx.store.stats()).byStatus['no-answer']).toBe(0);
      const analytics = await ctx.store.analytics({ from: '2026-01-05T00:00:00Z', to: '2026-01-08T00:00:00Z' });
      expect(analytics.totals.calls).toBe(7);
      expect(analytics.byHangupCause.find((c) => c.cause === 'no_answer')).toBeUndefined();
    });

    it('answers undefined for an unknown call', async () => {
      expect(await ctx.store.deleteCall('call_missing', new Date())).toBeUndefined();
    });

    it('does not bring a deleted call back when a provider retries one of its events', async () => {
      const ringing = statusEvent('CA1', 'ringing', '2026-01-01T00:00:00Z');
      await ctx.store.append([ringing]);
      await ctx.store.deleteCall('call_0001', new Date('2026-01-02T00:00:00Z'));
      const [retry] = await ctx.store.append([ringing]);
      expect(retry?.status).toBe('duplicate');
      expect(await ctx.store.getCall('CA1')).toBeUndefined();
    });
  });
}
