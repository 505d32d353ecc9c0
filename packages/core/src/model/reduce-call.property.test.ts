import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Call } from './call.js';
import type { CallEvent, CallStatusEvent } from './call-event.js';
import { isTerminalStatus, statusRank } from './call-status.js';
import { reduceCall } from './reduce-call.js';
import type { TranscriptSegment } from './transcript-segment.js';
import { callScenario, type CallScenario } from './__tests__/call-scenario.js';

/** Runs per property. Each run folds a whole call's events, with duplicates, in a random order. */
const RUNS = 2_000;
/** A few seconds alone; generous so a loaded machine running every suite at once does not time out. */
const TIMEOUT_MS = 120_000;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Folds events into a call, freezing every input so a mutation would throw. */
function fold(events: readonly CallEvent[], onStep?: (before: Call | undefined, event: CallEvent, after: Call) => void): Call {
  let call: Call | undefined;
  for (const event of events) {
    const next = reduceCall(call, deepFreeze(event));
    onStep?.(call, event, next);
    call = deepFreeze(next);
  }
  if (call === undefined) throw new Error('a scenario always has events');
  return call;
}

/** The events in any order, some of them delivered more than once. */
function redelivered(events: CallEvent[]): fc.Arbitrary<CallEvent[]> {
  return fc.array(fc.nat({ max: events.length - 1 }), { maxLength: events.length }).chain((extra) => {
    const all = [...events, ...extra.map((index) => events[index] as CallEvent)];
    return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
  });
}

const withOrder = (pick: (scenario: CallScenario) => CallEvent[]) =>
  callScenario.chain((scenario) => redelivered(pick(scenario)).map((order) => ({ scenario, order })));

/** The earliest of some ISO times; equal instants break on the string so the pick is order-free. */
function earliest(times: Array<string | undefined>): string | undefined {
  const defined = times.filter((time): time is string => time !== undefined);
  defined.sort((a, b) => Date.parse(a) - Date.parse(b) || (a < b ? -1 : a > b ? 1 : 0));
  return defined[0];
}

const statusEvents = (events: CallEvent[]) => events.filter((event): event is CallStatusEvent => event.type === 'call.status');
const updatedEvents = (events: CallEvent[]) => events.flatMap((event) => (event.type === 'call.updated' ? [event] : []));

/** The transcript the rules promise: per id the final segment, else the latest and longest partial. */
function expectedTranscript(events: CallEvent[]): TranscriptSegment[] {
  const best = new Map<string, TranscriptSegment>();
  for (const event of events) {
    if (event.type !== 'call.transcript') continue;
    for (const segment of event.segments) {
      const current = best.get(segment.id);
      const better =
        current === undefined ||
        (segment.isFinal && !current.isFinal) ||
        (!current.isFinal && Date.parse(segment.at) - Date.parse(current.at) > 0) ||
        (!current.isFinal && Date.parse(segment.at) === Date.parse(current.at) && segment.text.length > current.text.length);
      if (better) best.set(segment.id, segment);
    }
  }
  return [...best.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1));
}

describe('reduceCall properties', () => {
  it('gives the same call for any order and any duplication of one call\'s events', () => {
    fc.assert(
      fc.property(withOrder((s) => s.events), ({ scenario, order }) => {
        expect(fold(order)).toEqual(fold(scenario.events));
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('never lowers the status rank, whatever the order', () => {
    fc.assert(
      fc.property(withOrder((s) => [...s.events, ...s.conflicting]), ({ order }) => {
        fold(order, (before, _event, after) => {
          if (before !== undefined) expect(statusRank(after.status)).toBeGreaterThanOrEqual(statusRank(before.status));
        });
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('keeps the first terminal status and its hangup cause, even when another terminal status arrives later', () => {
    fc.assert(
      fc.property(withOrder((s) => [...s.events, ...s.conflicting]), ({ order }) => {
        let setter: CallStatusEvent | undefined;
        const final = fold(order, (before, event, after) => {
          if (setter !== undefined) {
            expect(after.status).toBe(setter.status);
          } else if (isTerminalStatus(after.status)) {
            expect(event.type === 'call.status' && event.status).toBe(after.status);
            expect(before === undefined || !isTerminalStatus(before.status)).toBe(true);
            setter = event as CallStatusEvent;
          }
        });
        expect(setter).toBeDefined();
        if (setter?.hangupCause !== undefined) expect(final.hangupCause).toBe(setter.hangupCause);
        const agreeing = statusEvents(order).filter((event) => event.status === final.status);
        const causes = agreeing.map((event) => event.hangupCause).filter((cause) => cause !== undefined);
        expect(final.hangupCause).toBe(causes[0]);
        const sipCodes = agreeing.map((event) => event.sipCode).filter((code) => code !== undefined);
        expect(final.sipCode).toBe(sipCodes[0]);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('is idempotent: applying an event again changes nothing', () => {
    fc.assert(
      fc.property(withOrder((s) => [...s.events, ...s.conflicting]), ({ order }) => {
        fold(order, (_before, event, after) => {
          expect(reduceCall(after, event)).toEqual(after);
        });
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('fills the times, the duration and the transcript as documented', () => {
    fc.assert(
      fc.property(withOrder((s) => s.events), ({ scenario, order }) => {
        const call = fold(order);
        const statuses = statusEvents(scenario.events);
        const updates = updatedEvents(scenario.events);
        expect(call.status).toBe(scenario.terminal);
        expect(call.startedAt).toBe(
          earliest([...statuses.filter((e) => e.status !== 'queued').map((e) => e.occurredAt), ...updates.map((e) => e.startedAt)]),
        );
        const answeredAt = earliest(statuses.filter((e) => e.status === 'in-progress').map((e) => e.occurredAt));
        expect(call.answeredAt).toBe(answeredAt);
        const endedAt = earliest([
          ...statuses.filter((e) => isTerminalStatus(e.status)).map((e) => e.occurredAt),
          ...updates.map((e) => e.endedAt),
        ]);
        expect(call.endedAt).toBe(endedAt);
        const reports = [...statuses, ...updates].flatMap((e) => (e.durationSec === undefined ? [] : [e.durationSec]));
        const computed =
          answeredAt && endedAt ? Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(answeredAt)) / 1000)) : undefined;
        expect(call.durationSec).toBe(reports.length > 0 ? Math.max(...reports) : computed);
        expect(call.durationSource).toBe(reports.length > 0 ? 'reported' : computed === undefined ? undefined : 'computed');
        expect(call.transcript).toEqual(expectedTranscript(scenario.events));
        expect(call.createdAt).toBe(earliest(scenario.events.map((e) => e.receivedAt)));
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);
});
