import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../testing/fake-clock.js';
import { createSeededRandom } from './create-seeded-random.js';
import {
  pickWeighted,
  planSimulatedCall,
  simulatedCost,
  type SimulatedStatusStep,
  type SimulatedTranscriptStep,
} from './plan-simulated-call.js';
import { resolveSimulatedOptions, type SimulatedProviderOptions } from './simulated-provider-options.js';

const outbound = { direction: 'outbound' as const, from: '+14155550100', to: '+14155550199', language: 'en' };
const inbound = { direction: 'inbound' as const, from: '+14155550199', to: '+14155550100', language: 'en' };

function config(options: SimulatedProviderOptions = {}, seed = 1) {
  return resolveSimulatedOptions({ clock: createFakeClock(), random: createSeededRandom(seed), ...options });
}

function statuses(steps: ReturnType<typeof planSimulatedCall>['steps']): SimulatedStatusStep[] {
  return steps.filter((step): step is SimulatedStatusStep => step.type === 'status');
}

function transcript(steps: ReturnType<typeof planSimulatedCall>['steps']): SimulatedTranscriptStep[] {
  return steps.filter((step): step is SimulatedTranscriptStep => step.type === 'transcript');
}

describe('planSimulatedCall', () => {
  it('takes an answered outbound call through every status in order, within the configured times', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const plan = planSimulatedCall(outbound, config({ rates: { completed: 1 } }, seed));
      const steps = statuses(plan.steps);
      expect(steps.map((step) => step.status)).toEqual(['queued', 'initiated', 'ringing', 'in-progress', 'completed']);
      const [queued, initiated, ringing, answered, completed] = steps;
      expect(queued!.atMs).toBe(0);
      expect(initiated!.atMs).toBeGreaterThanOrEqual(200);
      expect(initiated!.atMs).toBeLessThanOrEqual(1_000);
      const ringMs = answered!.atMs - ringing!.atMs;
      expect(ringMs).toBeGreaterThanOrEqual(2_000 - 1);
      expect(ringMs).toBeLessThanOrEqual(12_000 + 1);
      expect(answered!.language).toBe('en');
      expect(Number.isInteger(completed!.durationSec)).toBe(true);
      expect(completed!.durationSec).toBeGreaterThanOrEqual(20);
      expect(completed!.durationSec).toBeLessThanOrEqual(240);
      expect(Math.abs(completed!.atMs - answered!.atMs - completed!.durationSec! * 1_000)).toBeLessThanOrEqual(1);
      expect(completed).toMatchObject({ hangupCause: 'normal', cost: simulatedCost(completed!.durationSec!, { amount: 0.013, currency: 'USD' }) });
    }
  });

  it('keeps steps sorted, with each turn spoken as a partial then a final inside the talk time', () => {
    const plan = planSimulatedCall(outbound, config({ rates: { completed: 1 }, talkSec: { min: 60, max: 60 } }));
    const times = plan.steps.map((step) => step.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const lines = transcript(plan.steps);
    expect(lines.length).toBeGreaterThan(4);
    const answeredAt = statuses(plan.steps).find((step) => step.status === 'in-progress')!.atMs;
    const endedAt = statuses(plan.steps).find((step) => step.status === 'completed')!.atMs;
    for (let turn = 0; turn < lines.length / 2; turn++) {
      const [partial, final] = lines.filter((line) => line.turn === turn);
      expect(partial).toMatchObject({ isFinal: false });
      expect(final).toMatchObject({ isFinal: true, spokenAtMs: partial!.spokenAtMs, role: partial!.role });
      expect(final!.text.startsWith(partial!.text)).toBe(true);
      expect(partial!.atMs).toBeGreaterThan(answeredAt);
      expect(final!.atMs).toBeLessThan(endedAt);
    }
  });

  it('plays fewer turns when the talk is short, and none when it is too short', () => {
    const short = planSimulatedCall(outbound, config({ rates: { completed: 1 }, talkSec: { min: 9, max: 9 } }));
    expect(transcript(short.steps).length / 2).toBe(2);
    const tiny = planSimulatedCall(outbound, config({ rates: { completed: 1 }, talkSec: { min: 2, max: 2 } }));
    expect(transcript(tiny.steps)).toEqual([]);
  });

  it('plays a conversation in the call language, and none for a language with no conversation', () => {
    const french = planSimulatedCall({ ...outbound, language: 'fr' }, config({ rates: { completed: 1 } }));
    expect(transcript(french.steps)[1]!.text).toMatch(/[àéèêç]|Bonjour|bonjour/);
    const klingon = planSimulatedCall({ ...outbound, language: 'tlh' }, config({ rates: { completed: 1 } }));
    expect(transcript(klingon.steps)).toEqual([]);
  });

  it('fails an outbound call before it rings, with a failure cause', () => {
    const plan = planSimulatedCall(outbound, config({ rates: { failed: 1 } }));
    expect(statuses(plan.steps).map((step) => step.status)).toEqual(['queued', 'initiated', 'failed']);
    expect(['invalid_number', 'unreachable', 'network_error']).toContain(statuses(plan.steps)[2]!.hangupCause);
  });

  it('starts an inbound call ringing at 0, with no queued or initiated step', () => {
    const plan = planSimulatedCall(inbound, config({ rates: { completed: 1 } }));
    expect(statuses(plan.steps).map((step) => step.status)).toEqual(['ringing', 'in-progress', 'completed']);
    expect(plan.steps[0]!.atMs).toBe(0);
  });

  it.each([
    ['busy', ['busy', 'rejected']],
    ['no-answer', ['no_answer']],
    ['canceled', ['canceled']],
  ] as const)('ends an unanswered %s call after ringing, with duration 0 and no cost', (outcome, causes) => {
    const plan = planSimulatedCall(outbound, config({ rates: { [outcome]: 1 } }));
    const steps = statuses(plan.steps);
    expect(steps.map((step) => step.status)).toEqual(['queued', 'initiated', 'ringing', outcome]);
    expect(causes).toContain(steps[3]!.hangupCause);
    expect(steps[3]).toMatchObject({ durationSec: 0 });
    expect(steps[3]!.cost).toBeUndefined();
  });

  it('ends a no-answer call exactly ringTimeoutSec after it started ringing', () => {
    const plan = planSimulatedCall(outbound, config({ rates: { 'no-answer': 1 }, ringTimeoutSec: 45 }));
    const steps = statuses(plan.steps);
    expect(steps[3]!.atMs - steps[2]!.atMs).toBeCloseTo(45_000, -1);
  });
});

describe('simulatedCost', () => {
  it('bills per started minute, to four decimals', () => {
    expect(simulatedCost(0, { amount: 0.013, currency: 'USD' })).toEqual({ amount: 0, currency: 'USD' });
    expect(simulatedCost(1, { amount: 0.013, currency: 'USD' })).toEqual({ amount: 0.013, currency: 'USD' });
    expect(simulatedCost(60, { amount: 0.013, currency: 'USD' })).toEqual({ amount: 0.013, currency: 'USD' });
    expect(simulatedCost(61, { amount: 0.013, currency: 'USD' })).toEqual({ amount: 0.026, currency: 'USD' });
    expect(simulatedCost(181, { amount: 1.5, currency: 'KES' })).toEqual({ amount: 6, currency: 'KES' });
  });
});

describe('pickWeighted', () => {
  it('picks each value in proportion to its weight and never one weighted zero', () => {
    const random = createSeededRandom(99);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 30_000; i++) counts[pickWeighted([['a', 1], ['b', 0], ['c', 2]] as const, random)]++;
    expect(counts.b).toBe(0);
    expect(counts.a / 30_000).toBeCloseTo(1 / 3, 1);
    expect(counts.c / 30_000).toBeCloseTo(2 / 3, 1);
  });

  it('takes the last positive weight when random() returns the top of its range', () => {
    expect(pickWeighted([['a', 1], ['b', 1], ['c', 0]] as const, () => 0.9999999999999999)).toBe('b');
  });
});
