import fc from 'fast-check';
import type {
  CallAnsweredByEvent,
  CallEvent,
  CallRecordingEvent,
  CallStatusEvent,
  CallTranscriptEvent,
  CallUpdatedEvent,
} from '../call-event.js';
import type { CallStatus, TerminalStatus } from '../call-status.js';
import type { Direction, Money } from '../call.js';
import type { AnsweredBy, HangupCause, HangupSource } from '../hangup.js';
import type { TranscriptSegment } from '../transcript-segment.js';

/**
 * Everything one provider reports about one call, as a set of events that agree with each
 * other: one path through the statuses to one terminal status, and enrichments whose values
 * do not contradict (one recording URL, one cost, one reported duration, metadata with
 * distinct keys, transcript partials that grow into their final segment).
 */
export interface CallScenario {
  events: CallEvent[];
  terminal: TerminalStatus;
  /** What a terminal event with another status would say: used to test stickiness. */
  conflicting: CallStatusEvent[];
}

type Gen = fc.GeneratorValue;
type EventBase = Pick<
  CallStatusEvent,
  'v' | 'key' | 'provider' | 'providerCallId' | 'callId' | 'occurredAt' | 'receivedAt' | 'direction' | 'from' | 'to'
>;

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const WORDS = ['hello', 'yes', 'no', 'two', 'to', 'go', 'I', 'want', 'an', 'appointment', 'thanks', 'bye'];
const UNANSWERED: readonly TerminalStatus[] = ['busy', 'no-answer', 'failed', 'canceled'];
const CAUSES: Record<TerminalStatus, readonly HangupCause[]> = {
  completed: ['normal', 'time_limit'],
  busy: ['busy', 'rejected'],
  'no-answer': ['no_answer'],
  failed: ['unreachable', 'network_error', 'invalid_number', 'unknown'],
  canceled: ['canceled', 'lost_race'],
};
const SIP: Record<TerminalStatus, number> = { completed: 200, busy: 486, 'no-answer': 408, failed: 503, canceled: 487 };
const HANGUP_FIELDS = ['hangupCause', 'hangupCauseRaw', 'sipCode', 'hangupSource'] as const;

function pick<T>(g: Gen, values: readonly T[]): T {
  return values[g(fc.nat, { max: values.length - 1 })] as T;
}

/**
 * A random non-empty selection of `items`. Only indices go through `g`: on a replay (shrinking)
 * `g` hands back earlier values, which must not be objects of an earlier scenario.
 */
function someOf<T>(g: Gen, items: readonly T[], minLength = 1): T[] {
  const indices = g(fc.subarray, items.map((_, index) => index), { minLength: Math.min(minLength, items.length) });
  return indices.map((index) => items[index] as T);
}

/** `items` in a random order (indices only go through `g`, as for {@link someOf}). */
function shuffled<T>(g: Gen, items: readonly T[]): T[] {
  const indices = items.map((_, index) => index);
  return g(fc.shuffledSubarray, indices, { minLength: indices.length, maxLength: indices.length }).map((index) => items[index] as T);
}

function chance(g: Gen, percent: number): boolean {
  return g(fc.integer, { min: 1, max: 100 }) <= percent;
}

/** ISO time; now and then in the `+00:00` spelling, which names the same instant differently. */
function iso(g: Gen, ms: number): string {
  const text = new Date(ms).toISOString();
  return chance(g, 10) ? text.replace('Z', '+00:00') : text;
}

/** The set of events for one call. */
export const callScenario: fc.Arbitrary<CallScenario> = fc.gen().map((g) => buildScenario(g));

function buildScenario(g: Gen): CallScenario {
  const provider = pick(g, ['twilio', 'telnyx', 'africastalking', 'bot']);
  const providerCallId = `pc-${g(fc.nat, { max: 9999 })}`;
  const callId = chance(g, 70) ? `call_${providerCallId}` : undefined;
  const direction: Direction = pick(g, ['inbound', 'outbound'] as const);
  const from = '+15550001111';
  const to = '+15550002222';
  let keySeq = 0;
  const base = (occurredMs: number): EventBase => ({
    v: 1 as const,
    key: `${provider}:${providerCallId}:${keySeq++}`,
    provider,
    providerCallId,
    ...(callId === undefined ? {} : { callId }),
    occurredAt: iso(g, occurredMs),
    receivedAt: iso(g, occurredMs + g(fc.integer, { min: -2_000, max: 10_000 })),
    ...(chance(g, 60) ? { direction } : {}),
    ...(chance(g, 50) ? { from } : {}),
    ...(chance(g, 50) ? { to } : {}),
  });

  let t = T0 + g(fc.integer, { min: 0, max: 86_400_000 });
  const step = () => (t += g(fc.integer, { min: 0, max: 30_000 }));
  const statusEvents: CallStatusEvent[] = [];
  const addStatus = (status: CallStatus, at: number) => {
    const event: CallStatusEvent = { ...base(at), type: 'call.status', status };
    statusEvents.push(event);
    return event;
  };

  if (direction === 'outbound' && chance(g, 60)) addStatus('queued', t);
  if (chance(g, 60)) addStatus('initiated', step());
  if (chance(g, 70)) addStatus('ringing', step());
  const answered = chance(g, 65);
  const answeredAt = step();
  const inProgress: CallStatusEvent[] = [];
  // Telnyx reports call.answered and then call.bridged: two in-progress events, two times.
  if (answered) for (let i = g(fc.integer, { min: 1, max: 2 }); i > 0; i--) inProgress.push(addStatus('in-progress', step()));
  const terminal: TerminalStatus = answered ? 'completed' : pick(g, UNANSWERED);
  const endedAt = answered ? t + g(fc.integer, { min: 0, max: 600_000 }) : step();
  t = endedAt;
  const hangup = {
    hangupCause: pick(g, CAUSES[terminal]),
    hangupCauseRaw: `raw-${terminal}`,
    sipCode: SIP[terminal],
    hangupSource: pick(g, ['caller', 'callee', 'system', 'unknown'] as const) satisfies HangupSource,
  };
  const terminals: CallStatusEvent[] = [];
  for (let i = g(fc.integer, { min: 1, max: 2 }); i > 0; i--) {
    const event = addStatus(terminal, i === 1 ? endedAt : endedAt + g(fc.integer, { min: 0, max: 5_000 }));
    for (const field of someOf(g, HANGUP_FIELDS, 0)) Object.assign(event, { [field]: hangup[field] });
    terminals.push(event);
  }

  const updates: CallUpdatedEvent[] = [];
  for (let i = g(fc.integer, { min: 0, max: 3 }); i > 0; i--) {
    const event: CallUpdatedEvent = { ...base(T0 + g(fc.integer, { min: 0, max: 86_400_000 })), type: 'call.updated' };
    if (chance(g, 40)) event.startedAt = iso(g, answeredAt - g(fc.integer, { min: -5_000, max: 20_000 }));
    if (chance(g, 40)) event.endedAt = iso(g, endedAt + g(fc.integer, { min: -3_000, max: 3_000 }));
    updates.push(event);
  }
  // Fields that several events may carry: each value is reported by a random non-empty subset.
  const carriers = [...terminals, ...updates];
  const spread = (values: Record<string, unknown>, pool: Array<CallStatusEvent | CallUpdatedEvent>) => {
    for (const event of someOf(g, pool)) Object.assign(event, values);
  };
  if ((answered || provider === 'twilio') && chance(g, 50)) {
    const durationSec = answered ? g(fc.integer, { min: 0, max: 3_600 }) : 0;
    spread({ durationSec }, carriers);
    // A bot may report the duration so far while the call runs; interim reports only grow.
    const interim = updates.filter((event) => event.durationSec === undefined);
    if (interim.length > 0 && chance(g, 50)) spread({ durationSec: g(fc.integer, { min: 0, max: durationSec }) }, interim);
  }
  if (chance(g, 50)) spread({ cost: { amount: g(fc.integer, { min: 0, max: 5_000 }) / 1000, currency: 'USD' } satisfies Money }, carriers);
  if (chance(g, 40)) spread({ language: pick(g, ['en-US', 'sw-KE', 'fr-FR']) }, [...statusEvents, ...updates]);
  const metadataKeys = g(fc.integer, { min: 0, max: 4 });
  for (let i = 0; i < metadataKeys; i++) {
    const carrier = pick(g, [...statusEvents, ...updates]);
    carrier.metadata = { ...carrier.metadata, [`key${i}`]: pick(g, ['a', 1, true, null]) };
  }

  const enrichments: CallEvent[] = [];
  if (answered && direction === 'outbound' && chance(g, 50)) {
    const answeredBy: AnsweredBy = pick(g, ['human', 'machine', 'fax', 'unknown'] as const);
    for (let i = g(fc.integer, { min: 1, max: 2 }); i > 0; i--) {
      enrichments.push({ ...base(answeredAt + g(fc.integer, { min: 0, max: 4_000 })), type: 'call.answered-by', answeredBy } satisfies CallAnsweredByEvent);
    }
    if (chance(g, 50)) spread({ answeredBy }, inProgress);
  }
  if (answered && chance(g, 50)) {
    const recordingUrl = `https://media.example.test/${providerCallId}.mp3`;
    for (let i = g(fc.integer, { min: 1, max: 2 }); i > 0; i--) {
      enrichments.push({ ...base(endedAt + g(fc.integer, { min: 0, max: 20_000 })), type: 'call.recording', recordingUrl, recordingDurationSec: 12 } satisfies CallRecordingEvent);
    }
    if (chance(g, 30)) spread({ recordingUrl }, terminals);
  }
  if (answered) enrichments.push(...transcriptEvents(g, base, answeredAt));

  const conflicting = UNANSWERED.filter((status) => status !== terminal)
    .slice(0, g(fc.integer, { min: 1, max: 2 }))
    .map((status): CallStatusEvent => ({
      ...base(endedAt + g(fc.integer, { min: -10_000, max: 10_000 })),
      type: 'call.status',
      status,
      hangupCause: pick(g, CAUSES[status]),
      sipCode: SIP[status],
      hangupSource: 'system',
      durationSec: 0,
    }));
  return { events: [...statusEvents, ...updates, ...enrichments], terminal, conflicting };
}

function transcriptEvents(g: Gen, base: (at: number) => EventBase, answeredAt: number): CallTranscriptEvent[] {
  const segments: TranscriptSegment[] = [];
  const utterances = g(fc.integer, { min: 0, max: 4 });
  for (let u = 0; u < utterances; u++) {
    const id = `seg-${u}`;
    const role = pick(g, ['caller', 'agent', 'bot'] as const);
    const words = g(fc.array, fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 });
    const start = answeredAt + u * 4_000;
    // Some providers stamp every partial with the utterance start, others with the time it was heard.
    const partialsMoveOn = g(fc.boolean);
    const partialCount = g(fc.integer, { min: 0, max: Math.min(3, words.length) });
    for (let p = 1; p <= partialCount; p++) {
      const at = partialsMoveOn ? start + p * 300 : start;
      segments.push({ id, role, text: words.slice(0, p).join(' '), at: iso(g, at), isFinal: false });
    }
    if (partialCount === 0 || chance(g, 80)) segments.push({ id, role, text: words.join(' '), at: iso(g, start), isFinal: true });
  }
  if (segments.length === 0) return [];
  const order = shuffled(g, segments);
  const events: CallTranscriptEvent[] = [];
  for (let i = 0; i < order.length; ) {
    const size = g(fc.integer, { min: 1, max: 3 });
    const batch = order.slice(i, i + size);
    const latest = Math.max(...batch.map((segment) => Date.parse(segment.at)));
    events.push({ ...base(latest), type: 'call.transcript', segments: batch });
    i += size;
  }
  return events;
}
