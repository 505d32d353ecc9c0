import { describe, expect, it } from 'vitest';
import { deletedEvent, liveEvent, statusEvent, transcriptEvent } from './contract-events.js';
import type { ContractStore } from './use-contract-store.js';

const T0 = '2026-02-01T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

/** Contract: append, dedupe, call resolution, ordering, monotonic status, concurrency. */
export function appendContract(ctx: ContractStore): void {
  describe('append', () => {
    it('stores a first event with seq 1 and creates the call with version = seq', async () => {
      const [outcome] = await ctx.store.append([statusEvent('CA1', 'ringing', T0, { from: '+1555', to: '+1666', direction: 'outbound' })]);
      expect(outcome).toMatchObject({ status: 'stored', stored: { seq: 1, callId: 'call_0001' }, call: { id: 'call_0001', status: 'ringing', version: 1 } });
      if (outcome?.status !== 'stored') return;
      expect(outcome.stored.event.callId).toBe('call_0001');
      expect(await ctx.store.getCall('call_0001')).toMatchObject({ providerCallId: 'CA1', from: '+1555', direction: 'outbound', version: 1 });
      expect(await ctx.store.lastSeq()).toBe(1);
    });

    it('reports a repeated (provider, key) as a duplicate and changes nothing', async () => {
      const event = statusEvent('CA1', 'ringing', T0);
      await ctx.store.append([event]);
      const before = await ctx.store.getCall('CA1');
      const [outcome] = await ctx.store.append([{ ...event, status: 'completed' }]);
      expect(outcome).toEqual({ status: 'duplicate', callId: 'call_0001' });
      expect(await ctx.store.getCall('CA1')).toEqual(before);
      expect(await ctx.store.lastSeq()).toBe(1);
    });

    it('dedupes within one append too', async () => {
      const event = statusEvent('CA1', 'ringing', T0);
      const outcomes = await ctx.store.append([event, event]);
      expect(outcomes.map((o) => o.status)).toEqual(['stored', 'duplicate']);
    });

    it('answers each event of an append with its own outcome, in order, each stored one carrying its event', async () => {
      const ringing = statusEvent('CA1', 'ringing', at(0));
      const other = statusEvent('CA2', 'in-progress', at(1), { from: '+1777' });
      const live = liveEvent('CA1', 'sentiment', at(2));
      const outcomes = await ctx.store.append([ringing, ringing, other, live]);
      expect(outcomes.map((o) => o.status)).toEqual(['stored', 'duplicate', 'stored', 'stored']);
      const stored = outcomes.flatMap((o) => (o.status === 'stored' ? [o] : []));
      expect(stored.map((o) => o.stored.event)).toEqual([
        { ...ringing, callId: 'call_0001' },
        { ...other, callId: 'call_0002' },
        { ...live, callId: 'call_0001' },
      ]);
      expect(stored.map((o) => [o.stored.seq, o.stored.callId, o.call?.id])).toEqual([
        [1, 'call_0001', 'call_0001'],
        [2, 'call_0002', 'call_0002'],
        [3, 'call_0001', 'call_0001'],
      ]);
      expect(outcomes[1]).toEqual({ status: 'duplicate', callId: 'call_0001' });
    });

    it('dedupes against the call an event resolves to, however it names the call', async () => {
      const [first] = await ctx.store.append([statusEvent('CA1', 'ringing', at(0))]);
      if (first?.status !== 'stored') throw new Error('the first event was not stored');
      const byId = await ctx.store.append([{ ...statusEvent('CA1', 'ringing', at(0)), callId: first.stored.callId }]);
      expect(byId).toEqual([{ status: 'duplicate', callId: 'call_0001' }]);
      // The same key on another provider call is another call's event.
      const [other] = await ctx.store.append([statusEvent('CA2', 'ringing', at(1), { key: first.stored.event.key })]);
      expect(other).toMatchObject({ status: 'stored', stored: { callId: 'call_0002' } });
      expect(await ctx.store.lastSeq()).toBe(2);
    });

    it('keeps a deleted call deleted when a retry of its events comes in the same append or a later one', async () => {
      const ringing = statusEvent('CA1', 'ringing', at(0));
      const answered = statusEvent('CA1', 'in-progress', at(1));
      await ctx.store.append([ringing]);
      const sameAppend = await ctx.store.append([answered, deletedEvent('CA1', at(2)), answered, ringing]);
      expect(sameAppend.map((o) => o.status)).toEqual(['stored', 'stored', 'duplicate', 'duplicate']);
      const [later] = await ctx.store.append([answered]);
      expect(later).toEqual({ status: 'duplicate', callId: 'call_0001' });
      expect(await ctx.store.getCall('CA1')).toBeUndefined();
      // A new event for the provider call starts a new call.
      const [fresh] = await ctx.store.append([statusEvent('CA1', 'completed', at(3))]);
      expect(fresh).toMatchObject({ status: 'stored', call: { id: 'call_0002', providerCallId: 'CA1', status: 'completed' } });
      expect(await ctx.store.append([deletedEvent('CA1', at(2))])).toEqual([{ status: 'duplicate', callId: 'call_0001' }]);
    });

    it('does not treat the same key from another provider as a duplicate', async () => {
      await ctx.store.append([statusEvent('CA1', 'ringing', T0, { key: 'k1' })]);
      const [outcome] = await ctx.store.append([statusEvent('CA1', 'ringing', T0, { key: 'k1', provider: 'telnyx' })]);
      expect(outcome?.status).toBe('stored');
      expect((await ctx.store.listCalls({})).total).toBe(2);
    });

    it('applies the events of one append in order with increasing seqs', async () => {
      const outcomes = await ctx.store.append([statusEvent('CA1', 'ringing', at(0)), statusEvent('CA1', 'in-progress', at(5)), statusEvent('CA1', 'completed', at(65))]);
      expect(outcomes.map((o) => (o.status === 'stored' ? o.stored.seq : 0))).toEqual([1, 2, 3]);
      expect(outcomes.map((o) => (o.status === 'stored' ? o.call?.status : ''))).toEqual(['ringing', 'in-progress', 'completed']);
      expect(await ctx.store.getCall('CA1')).toMatchObject({ status: 'completed', durationSec: 60, version: 3 });
    });

    it('keeps status monotonic: a late ringing never undoes completed, but still gets a seq', async () => {
      await ctx.store.append([statusEvent('CA1', 'completed', at(60), { durationSec: 42 })]);
      const [late] = await ctx.store.append([statusEvent('CA1', 'ringing', at(0))]);
      expect(late).toMatchObject({ status: 'stored', stored: { seq: 2 } });
      expect(await ctx.store.getCall('CA1')).toMatchObject({ status: 'completed', durationSec: 42, startedAt: at(0), version: 2 });
    });

    it('resolves the call by provider call id, and by an explicit callId', async () => {
      await ctx.store.append([statusEvent('CA1', 'ringing', at(0), { callId: 'call_named' })]);
      await ctx.store.append([statusEvent('CA1', 'in-progress', at(5))]);
      await ctx.store.append([transcriptEvent('CA1', 's1', 'hello', at(6), { callId: 'call_named' })]);
      const page = await ctx.store.listCalls({});
      expect(page.total).toBe(1);
      expect(page.calls[0]).toMatchObject({ id: 'call_named', status: 'in-progress', transcript: [{ text: 'hello' }] });
    });

    it('applies an event naming an unknown callId to the call that already has its provider call id', async () => {
      await ctx.store.append([statusEvent('CA1', 'ringing', at(0))]);
      const [outcome] = await ctx.store.append([statusEvent('CA1', 'in-progress', at(5), { callId: 'call_unknown' })]);
      expect(outcome).toMatchObject({ status: 'stored', stored: { callId: 'call_0001' } });
      expect((await ctx.store.listCalls({})).total).toBe(1);
    });

    it('finds calls by Callboard id, provider call id and a bot call id; unknown ids give undefined', async () => {
      await ctx.store.append([statusEvent('CA1', 'ringing', at(0))]);
      await ctx.store.append([statusEvent('bot-42', 'ringing', at(1), { provider: 'bot' })]);
      expect((await ctx.store.getCall('call_0001'))?.providerCallId).toBe('CA1');
      expect((await ctx.store.getCall('CA1'))?.id).toBe('call_0001');
      expect((await ctx.store.getCall('bot-42'))?.id).toBe('call_0002');
      expect(await ctx.store.getCall('nope')).toBeUndefined();
    });

    it('stores live events with a seq without changing the call', async () => {
      await ctx.store.append([statusEvent('CA1', 'in-progress', at(0))]);
      const [outcome] = await ctx.store.append([liveEvent('CA1', 'sentiment', at(3), { data: { score: 0.8 } })]);
      expect(outcome).toMatchObject({ status: 'stored', stored: { seq: 2, event: { type: 'call.live', name: 'sentiment' } }, call: { version: 1 } });
      expect((await ctx.store.getCall('CA1'))?.version).toBe(1);
      expect((await ctx.store.eventsAfter(1)).map((e) => e.event.type)).toEqual(['call.live']);
    });

    it('never creates two calls from concurrent first events, and loses no update', async () => {
      const appends = Array.from({ length: 25 }, (_, i) => ctx.store.append([transcriptEvent('CA-race', `s${i}`, `line ${i}`, at(i))]));
      const outcomes = (await Promise.all(appends)).flat();
      expect(new Set(outcomes.map((o) => (o.status === 'stored' ? o.stored.callId : '')))).toEqual(new Set(['call_0001']));
      expect(new Set(outcomes.map((o) => (o.status === 'stored' ? o.stored.seq : 0))).size).toBe(25);
      const call = await ctx.store.getCall('CA-race');
      expect(call?.transcript).toHaveLength(25);
      expect(call?.version).toBe(25);
      expect((await ctx.store.listCalls({ q: 'CA-race' })).total).toBe(1);
    });

    it('fails a bad event alone: neighbours in the same append and in other appends are stored', async () => {
      const [bad, good] = await Promise.allSettled([
        ctx.store.append([statusEvent('CA1', 'ringing', at(0)), deletedEvent('CA-missing', at(1)), statusEvent('CA2', 'ringing', at(2))]),
        ctx.store.append([statusEvent('CA3', 'ringing', at(3))]),
      ]);
      expect(bad).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND', details: { index: 1 } } });
      expect(good).toMatchObject({ status: 'fulfilled', value: [{ status: 'stored' }] });
      expect((await ctx.store.listCalls({ sort: 'oldest' })).calls.map((c) => c.providerCallId)).toEqual(['CA1', 'CA2', 'CA3']);
    });

    it('deletes a call through an appended call.deleted event', async () => {
      await ctx.store.append([statusEvent('CA1', 'ringing', at(0))]);
      const [outcome] = await ctx.store.append([deletedEvent('CA1', at(9))]);
      expect(outcome).toMatchObject({ status: 'stored', stored: { seq: 2, callId: 'call_0001' }, call: undefined });
      expect(await ctx.store.getCall('CA1')).toBeUndefined();
    });
  });
}
