import { describe, expect, it } from 'vitest';
import { CallboardError } from '../../errors/callboard-error.js';
import { ProviderApiError } from '../../errors/provider-api-error.js';
import { safeParseCallEvent, type CallEvent } from '../../model/call-event.js';
import { isTerminalStatus } from '../../model/call-status.js';
import type { Call } from '../../model/call.js';
import { reduceCall } from '../../model/reduce-call.js';
import { createFakeClock, type FakeClock } from '../../testing/fake-clock.js';
import { createSeededRandom } from './create-seeded-random.js';
import { createSimulatedProvider, type SimulatedProvider } from './simulated-provider.js';
import type { SimulatedProviderOptions } from './simulated-provider-options.js';

const MINUTE = 60_000;

function setup(options: SimulatedProviderOptions = {}, seed = 7) {
  const clock = createFakeClock();
  const provider = createSimulatedProvider({ clock, random: createSeededRandom(seed), ...options });
  const events: CallEvent[] = [];
  const detach = provider.attach((batch) => {
    events.push(...batch);
  });
  return { clock, provider, events, detach };
}

function byCall(events: CallEvent[]): Map<string, CallEvent[]> {
  const calls = new Map<string, CallEvent[]>();
  for (const event of events) calls.set(event.providerCallId, [...(calls.get(event.providerCallId) ?? []), event]);
  return calls;
}

function reduceAll(events: CallEvent[]): Call[] {
  return [...byCall(events).values()].map((list) => list.reduce<Call | undefined>(reduceCall, undefined)!);
}

function statusesOf(events: CallEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'call.status' ? [event.status] : []));
}

async function placeMany(provider: SimulatedProvider, count: number): Promise<CallEvent[]> {
  const queued: CallEvent[] = [];
  for (let i = 0; i < count; i++) queued.push(...(await provider.placeCall({ callId: `call_${i}`, to: '+14155550199' })).events);
  return queued;
}

function share(calls: Call[], status: string): number {
  return calls.filter((call) => call.status === status).length / calls.length;
}

describe('createSimulatedProvider: one call', () => {
  it('takes a placed call through queued, initiated, ringing, in-progress and completed, on the clock', async () => {
    const { clock, provider, events } = setup({ rates: { completed: 1 } });
    const placed = await provider.placeCall({ callId: 'call_1', to: '+14155550199' });
    expect(placed.providerCallId).toMatch(/^SIM[0-9a-f]{32}$/);
    expect(placed.events).toHaveLength(1);
    expect(placed.events[0]).toMatchObject({
      type: 'call.status',
      status: 'queued',
      provider: 'simulated',
      providerCallId: placed.providerCallId,
      callId: 'call_1',
      direction: 'outbound',
      from: '+14155550100',
      to: '+14155550199',
      occurredAt: new Date(clock.now()).toISOString(),
    });
    expect(events).toHaveLength(0);

    clock.advance(10 * MINUTE);
    expect(statusesOf(events)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    const all = [...placed.events, ...events];
    const times = all.map((event) => Date.parse(event.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(all.map((event) => event.key)).size).toBe(all.length);
    for (const event of all) {
      expect(event).toMatchObject({ provider: 'simulated', providerCallId: placed.providerCallId, callId: 'call_1' });
      expect(event.receivedAt).toBe(event.occurredAt);
      expect(safeParseCallEvent(event).success).toBe(true);
    }
    expect(all.some((event) => event.type === 'call.transcript')).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('delivers each event when it falls due, not before, stamped with the clock time', async () => {
    const { clock, provider, events } = setup({ rates: { completed: 1 } });
    const start = clock.now();
    await provider.placeCall({ callId: 'call_1', to: '+14155550199' });
    clock.advance(199);
    expect(events).toHaveLength(0);
    let firstSeenAt: number | undefined;
    while (events.length === 0) {
      clock.advance(1);
      firstSeenAt = clock.now();
    }
    expect(statusesOf(events)).toEqual(['initiated']);
    expect(Date.parse(events[0]!.occurredAt)).toBe(firstSeenAt);
    expect(firstSeenAt! - start).toBeLessThanOrEqual(1_000);
  });

  it('uses the caller id given for the call', async () => {
    const { provider } = setup();
    const placed = await provider.placeCall({ callId: 'c', to: '+14155550199', from: '+442079460999' });
    expect(placed.events[0]!.from).toBe('+442079460999');
  });

  it.each(['', '   '])('refuses to call %j with INVALID_ARGUMENT', async (to) => {
    const { provider } = setup();
    await expect(provider.placeCall({ callId: 'c', to })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('repeats exactly with the same seed and clock', async () => {
    const run = async () => {
      const { clock, provider, events } = setup({}, 42);
      const queued = await placeMany(provider, 20);
      clock.advance(15 * MINUTE);
      return [...queued, ...events];
    };
    expect(await run()).toEqual(await run());
  });
});

describe('createSimulatedProvider: outcomes', () => {
  it('ends calls at the default rates (70/10/10/5/5 %) within tolerance, with a seeded random', async () => {
    const { clock, provider, events } = setup({}, 2024);
    const queued = await placeMany(provider, 3_000);
    clock.advance(15 * MINUTE);
    const calls = reduceAll([...queued, ...events]);
    expect(calls).toHaveLength(3_000);
    // Three standard deviations of a share over 3000 calls is at most 2.5 percentage points.
    expect(Math.abs(share(calls, 'completed') - 0.7)).toBeLessThan(0.025);
    expect(Math.abs(share(calls, 'busy') - 0.1)).toBeLessThan(0.017);
    expect(Math.abs(share(calls, 'no-answer') - 0.1)).toBeLessThan(0.017);
    expect(Math.abs(share(calls, 'failed') - 0.05)).toBeLessThan(0.012);
    expect(Math.abs(share(calls, 'canceled') - 0.05)).toBeLessThan(0.012);
  });

  it('follows configured rates, and never produces an outcome weighted zero', async () => {
    const { clock, provider, events } = setup({ rates: { busy: 1, failed: 3 } }, 5);
    const queued = await placeMany(provider, 2_000);
    clock.advance(15 * MINUTE);
    const calls = reduceAll([...queued, ...events]);
    expect(share(calls, 'completed') + share(calls, 'no-answer') + share(calls, 'canceled')).toBe(0);
    expect(Math.abs(share(calls, 'failed') - 0.75)).toBeLessThan(0.03);
  });

  it('reduces every call to a consistent final state: terminal status, duration, cost and a final transcript', async () => {
    const { clock, provider, events } = setup({ costPerMinute: { amount: 0.5, currency: 'KES' } }, 11);
    const queued = await placeMany(provider, 300);
    clock.advance(15 * MINUTE);
    const calls = reduceAll([...queued, ...events]);
    expect(calls).toHaveLength(300);
    for (const call of calls) {
      expect(isTerminalStatus(call.status)).toBe(true);
      expect(call.hangupCause).toBeDefined();
      if (call.status === 'completed') {
        const talkSec = Math.round((Date.parse(call.endedAt!) - Date.parse(call.answeredAt!)) / 1_000);
        expect(call.durationSec).toBe(talkSec);
        expect(call.cost).toEqual({ amount: Math.ceil(talkSec / 60) * 0.5, currency: 'KES' });
        expect(call.language).toMatch(/^(en|fr|sw|es)$/);
        expect(call.transcript.length).toBeGreaterThan(0);
        expect(call.transcript.every((segment) => segment.isFinal)).toBe(true);
        const at = call.transcript.map((segment) => Date.parse(segment.at));
        expect(at).toEqual([...at].sort((a, b) => a - b));
        expect(at[0]).toBeGreaterThan(Date.parse(call.answeredAt!));
      } else {
        expect(call.answeredAt).toBeUndefined();
        expect(call.durationSec).toBe(0);
        expect(call.cost).toBeUndefined();
        expect(call.transcript).toEqual([]);
      }
    }
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('createSimulatedProvider: hangup', () => {
  it('completes an answered call, with the duration since answer, and stops its timers', async () => {
    const { clock, provider, events } = setup({ rates: { completed: 1 }, ringSec: { min: 5, max: 5 }, talkSec: { min: 200, max: 200 } });
    const placed = await provider.placeCall({ callId: 'c', to: '+14155550199' });
    while (!statusesOf(events).includes('in-progress')) clock.advance(500);
    clock.advance(42_000);
    const before = events.length;
    await provider.hangup({ providerCallId: placed.providerCallId });
    const closing = events.slice(before).filter((event) => event.type === 'call.status');
    expect(closing).toHaveLength(1);
    expect(closing[0]).toMatchObject({ status: 'completed', hangupCause: 'normal', hangupSource: 'caller', durationSec: 42 });
    expect(clock.pendingTimers()).toBe(0);
    const after = events.length;
    clock.advance(10 * MINUTE);
    expect(events).toHaveLength(after);
  });

  it('finalizes a transcript line cut off by the hangup', async () => {
    const { clock, provider, events } = setup({ rates: { completed: 1 }, talkSec: { min: 200, max: 200 } });
    const placed = await provider.placeCall({ callId: 'c', to: '+14155550199' });
    const lastIsPartial = () => {
      const last = events.at(-1);
      return last?.type === 'call.transcript' && !last.segments[0]!.isFinal;
    };
    while (!lastIsPartial()) clock.advance(100);
    await provider.hangup({ providerCallId: placed.providerCallId });
    const call = reduceAll([...placed.events, ...events])[0]!;
    expect(call.status).toBe('completed');
    expect(call.transcript.every((segment) => segment.isFinal)).toBe(true);
  });

  it('cancels a call that was not answered yet', async () => {
    const { clock, provider, events } = setup({ rates: { completed: 1 } });
    const placed = await provider.placeCall({ callId: 'c', to: '+14155550199' });
    clock.advance(300);
    await provider.hangup({ providerCallId: placed.providerCallId });
    expect(events.at(-1)).toMatchObject({ type: 'call.status', status: 'canceled', hangupCause: 'canceled', durationSec: 0 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('answers a hangup of an ended call with nothing, and of an unknown call with a 404', async () => {
    const { clock, provider, events } = setup({ rates: { busy: 1 } });
    const placed = await provider.placeCall({ callId: 'c', to: '+14155550199' });
    clock.advance(MINUTE);
    const count = events.length;
    await expect(provider.hangup({ providerCallId: placed.providerCallId })).resolves.toBeUndefined();
    expect(events).toHaveLength(count);
    const error = await provider.hangup({ providerCallId: 'SIMnope' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ code: 'PROVIDER_API_ERROR', statusCode: 404, isRetryable: false });
  });

  it('resolves only after an async sink has taken the closing events', async () => {
    const clock = createFakeClock();
    const provider = createSimulatedProvider({ clock, random: createSeededRandom(1), rates: { completed: 1 } });
    const stored: string[] = [];
    provider.attach(async (events) => {
      await Promise.resolve();
      for (const event of events) if (event.type === 'call.status') stored.push(event.status);
    });
    const placed = await provider.placeCall({ callId: 'c', to: '+14155550199' });
    await provider.hangup({ providerCallId: placed.providerCallId });
    expect(stored).toContain('canceled');
  });
});

describe('createSimulatedProvider: traffic', () => {
  function startTraffic(clock: FakeClock, provider: SimulatedProvider, minutes: number, callsPerMinute: number, inboundShare: number) {
    provider.startTraffic({ callsPerMinute, inboundShare });
    clock.advance(minutes * MINUTE);
  }

  it('generates calls at the configured rate and inbound share', () => {
    const { clock, provider, events } = setup({}, 3);
    startTraffic(clock, provider, 60, 30, 0.25);
    const firsts = [...byCall(events).values()].map((list) => list[0]!);
    // 1800 expected; a Poisson count's standard deviation is about 42, so 5 % is over 2 of them.
    expect(Math.abs(firsts.length - 1_800)).toBeLessThan(90);
    const inbound = firsts.filter((event) => event.direction === 'inbound');
    expect(Math.abs(inbound.length / firsts.length - 0.25)).toBeLessThan(0.04);
    for (const event of inbound) expect(event).toMatchObject({ type: 'call.status', status: 'ringing' });
    for (const event of firsts.filter((first) => first.direction === 'outbound')) expect(event).toMatchObject({ status: 'queued' });
  });

  it('gives generated calls E.164 numbers, one side ours', () => {
    const { clock, provider, events } = setup({}, 4);
    startTraffic(clock, provider, 10, 20, 0.5);
    for (const call of reduceAll(events)) {
      expect(call.from).toMatch(/^\+[1-9]\d{7,14}$/);
      expect(call.to).toMatch(/^\+[1-9]\d{7,14}$/);
      const ours = call.direction === 'inbound' ? call.to : call.from;
      expect(['+14155550100', '+442079460100', '+254709460100']).toContain(ours);
      expect(call.id).toBe(`simulated:${call.providerCallId}`);
    }
  });

  it('stopTraffic stops new calls and lets live ones finish, leaving no timer', () => {
    const { clock, provider, events } = setup({}, 8);
    startTraffic(clock, provider, 5, 30, 0.5);
    provider.stopTraffic();
    const callsAtStop = byCall(events).size;
    clock.advance(30 * MINUTE);
    expect(byCall(events).size).toBe(callsAtStop);
    expect(reduceAll(events).every((call) => isTerminalStatus(call.status))).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('treats 0 calls per minute as stopping the traffic and refuses bad numbers', () => {
    const { clock, provider } = setup();
    provider.startTraffic({ callsPerMinute: 10 });
    provider.startTraffic({ callsPerMinute: 0 });
    expect(clock.pendingTimers()).toBe(0);
    expect(() => provider.startTraffic({ callsPerMinute: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => provider.startTraffic({ callsPerMinute: Number.NaN })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => provider.startTraffic({ callsPerMinute: 5, inboundShare: 1.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('skips arrivals while maxConcurrentCalls calls are live', () => {
    const { clock, provider, events } = setup({ maxConcurrentCalls: 5, rates: { completed: 1 }, talkSec: { min: 600, max: 600 } });
    startTraffic(clock, provider, 5, 60, 0.5);
    expect(byCall(events).size).toBe(5);
  });
});

describe('createSimulatedProvider: stopping', () => {
  it('detaching the last sink stops the traffic and every live call (no timer left)', async () => {
    const { clock, provider, events, detach } = setup();
    await placeMany(provider, 10);
    provider.startTraffic({ callsPerMinute: 60 });
    clock.advance(30_000);
    expect(clock.pendingTimers()).toBeGreaterThan(10);
    detach();
    expect(clock.pendingTimers()).toBe(0);
    const count = events.length;
    clock.advance(60 * MINUTE);
    expect(events).toHaveLength(count);
  });

  it('keeps running while another sink is attached', async () => {
    const { clock, provider, detach } = setup({ rates: { completed: 1 } });
    const other: CallEvent[] = [];
    provider.attach((batch) => void other.push(...batch));
    await provider.placeCall({ callId: 'c', to: '+14155550199' });
    detach();
    detach();
    clock.advance(10 * MINUTE);
    expect(statusesOf(other)).toContain('completed');
  });

  it('close() stops every timer, and the provider refuses new work afterwards', async () => {
    const { clock, provider } = setup();
    await placeMany(provider, 3);
    provider.startTraffic({ callsPerMinute: 30 });
    provider.close();
    expect(clock.pendingTimers()).toBe(0);
    await expect(provider.placeCall({ callId: 'c', to: '+14155550199' })).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(() => provider.startTraffic({ callsPerMinute: 1 })).toThrow(expect.objectContaining({ code: 'CONNECTION_CLOSED' }));
    expect(() => provider.attach(() => undefined)).toThrow(expect.objectContaining({ code: 'CONNECTION_CLOSED' }));
  });

  it('reports a failing sink to onError and keeps the calls going', async () => {
    const errors: unknown[] = [];
    const clock = createFakeClock();
    const provider = createSimulatedProvider({ clock, random: createSeededRandom(1), rates: { completed: 1 }, onError: (error) => errors.push(error) });
    const good: CallEvent[] = [];
    provider.attach(() => {
      throw new Error('sync failure');
    });
    provider.attach(() => Promise.reject(new Error('async failure')));
    provider.attach((batch) => void good.push(...batch));
    await provider.placeCall({ callId: 'c', to: '+14155550199' });
    clock.advance(10 * MINUTE);
    await Promise.resolve();
    expect(statusesOf(good)).toContain('completed');
    expect(errors.length).toBeGreaterThan(4);
  });
});

describe('createSimulatedProvider: webhooks and options', () => {
  it('rejects every webhook: BAD_SIGNATURE to verify, BAD_PAYLOAD to parse', async () => {
    const { provider } = setup();
    const request = { method: 'POST', url: 'https://x.test/webhooks/simulated', headers: new Headers(), rawBody: '{}' };
    await expect(provider.verifyWebhook(request)).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
    expect(() => provider.parseWebhook(request, { receivedAt: new Date() })).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
    expect(provider.webhookReply()).toEqual({ status: 200, contentType: 'text/plain', body: '' });
    expect(provider.id).toBe('simulated');
    expect(provider.specificationVersion).toBe('v1');
  });

  it.each([
    ['all rates zero', { rates: { completed: 0 } }, 'rates'],
    ['a negative rate', { rates: { completed: 1, busy: -1 } }, 'rates.busy'],
    ['an unknown outcome', { rates: { completed: 1, dropped: 1 } }, 'dropped'],
    ['a range with min above max', { ringSec: { min: 5, max: 2 } }, 'ringSec'],
    ['a negative talk time', { talkSec: { min: -1, max: 2 } }, 'talkSec.min'],
    ['no language weight', { languages: { en: 0 } }, 'languages'],
    ['a number that is not E.164', { ownNumbers: ['0207 946 0100'] }, 'ownNumbers.0'],
    ['an unknown option', { callsPerMinute: 10 }, 'callsPerMinute'],
    ['setTimeout without clearTimeout', { setTimeout: () => 1 }, 'setTimeout'],
  ])('refuses %s with INVALID_ARGUMENT', (_, options, field) => {
    let caught: unknown;
    try {
      createSimulatedProvider(options as SimulatedProviderOptions);
    } catch (error) {
      caught = error;
    }
    expect(CallboardError.isInstance(caught)).toBe(true);
    expect((caught as CallboardError).code).toBe('INVALID_ARGUMENT');
    expect((caught as CallboardError).details?.fields).toContain(field);
  });

  it('schedules with injected setTimeout/clearTimeout when given', async () => {
    const clock = createFakeClock();
    let scheduled = 0;
    const provider = createSimulatedProvider({
      clock: { now: clock.now },
      setTimeout: (callback, ms) => {
        scheduled++;
        return clock.setTimeout(callback, ms);
      },
      clearTimeout: clock.clearTimeout,
      rates: { completed: 1 },
    });
    const events: CallEvent[] = [];
    provider.attach((batch) => void events.push(...batch));
    await provider.placeCall({ callId: 'c', to: '+14155550199' });
    clock.advance(10 * MINUTE);
    expect(scheduled).toBeGreaterThan(4);
    expect(statusesOf(events)).toContain('completed');
  });
});
