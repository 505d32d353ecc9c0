import type { CallStatus, TerminalStatus } from '../../model/call-status.js';
import type { Direction, Money } from '../../model/call.js';
import type { HangupCause, HangupSource } from '../../model/hangup.js';
import type { TranscriptRole } from '../../model/transcript-segment.js';
import type { SimulatedConfig } from './simulated-provider-options.js';

/** A status change in a simulated call's plan. */
export interface SimulatedStatusStep {
  type: 'status';
  /** Milliseconds after the call started. */
  atMs: number;
  status: CallStatus;
  hangupCause?: HangupCause;
  hangupSource?: HangupSource;
  durationSec?: number;
  cost?: Money;
  language?: string;
}

/** A transcript line (partial or final) in a simulated call's plan. */
export interface SimulatedTranscriptStep {
  type: 'transcript';
  atMs: number;
  /** Which turn of the conversation: partial and final of one turn share it (and so the segment id). */
  turn: number;
  role: TranscriptRole;
  text: string;
  isFinal: boolean;
  /** When the turn started being spoken: the segment's `at`, the same for its partial and final. */
  spokenAtMs: number;
}

/** One step of a simulated call. */
export type SimulatedStep = SimulatedStatusStep | SimulatedTranscriptStep;

/** Everything that will happen to one simulated call, decided up front. */
export interface SimulatedCallPlan {
  direction: Direction;
  from: string;
  to: string;
  language: string;
  outcome: TerminalStatus;
  /** Sorted by `atMs`. The first step is at 0: `queued` (outbound) or `ringing` (inbound). */
  steps: SimulatedStep[];
}

const FAILURE_CAUSES: readonly HangupCause[] = ['invalid_number', 'unreachable', 'network_error'];
const MIN_TURN_MS = 2_500;

/**
 * Decides how a simulated call goes, with the config's random source: its outcome by the rates,
 * and the time of each step. Outbound calls go `queued` → `initiated` (0.2-1 s) → `ringing`
 * (0.5-2 s later) and on; inbound calls start `ringing`. Then:
 * - `completed`: answered after `ringSec`, talks for `talkSec` with a conversation in the call's
 *   language (each turn a partial then a final transcript line), then ends `normal` with its
 *   duration and a cost per started minute;
 * - `busy` after 1-6 s of ringing (a quarter of them `rejected`), `no-answer` after
 *   `ringTimeoutSec`, `canceled` by the caller within the ring timeout, `failed` before ringing
 *   (outbound) with an invalid number, unreachable or network cause.
 */
export function planSimulatedCall(
  call: { direction: Direction; from: string; to: string; language: string },
  config: SimulatedConfig,
): SimulatedCallPlan {
  const random = config.random;
  const between = (min: number, max: number) => min + (max - min) * random();
  const outcome = pickWeighted(config.rates, random);
  const steps: SimulatedStep[] = [];
  const status = (atMs: number, value: CallStatus, extra: Partial<SimulatedStatusStep> = {}) =>
    steps.push({ type: 'status', atMs: Math.round(atMs), status: value, ...extra });

  let ringingAt = 0;
  if (call.direction === 'outbound') {
    status(0, 'queued');
    const initiatedAt = between(200, 1_000);
    status(initiatedAt, 'initiated');
    if (outcome === 'failed') {
      const cause = FAILURE_CAUSES[Math.floor(random() * FAILURE_CAUSES.length)]!;
      status(initiatedAt + between(500, 3_000), 'failed', { hangupCause: cause, hangupSource: 'system', durationSec: 0 });
      return { ...call, outcome, steps };
    }
    ringingAt = initiatedAt + between(500, 2_000);
  }
  status(ringingAt, 'ringing');
  const ringTimeoutMs = config.ringTimeoutSec * 1_000;
  switch (outcome) {
    case 'completed': {
      const answeredAt = ringingAt + between(config.ringSec.min, config.ringSec.max) * 1_000;
      const talkSec = Math.round(between(config.talkSec.min, config.talkSec.max));
      const endedAt = answeredAt + talkSec * 1_000;
      status(answeredAt, 'in-progress', { language: call.language });
      steps.push(...planTranscript(call.language, answeredAt, endedAt, config));
      status(endedAt, 'completed', {
        hangupCause: 'normal',
        hangupSource: random() < 0.5 ? 'caller' : 'callee',
        durationSec: talkSec,
        cost: simulatedCost(talkSec, config.costPerMinute),
      });
      break;
    }
    case 'busy':
      status(ringingAt + between(1_000, 6_000), 'busy', {
        hangupCause: random() < 0.25 ? 'rejected' : 'busy',
        hangupSource: 'callee',
        durationSec: 0,
      });
      break;
    case 'no-answer':
      status(ringingAt + ringTimeoutMs, 'no-answer', { hangupCause: 'no_answer', hangupSource: 'system', durationSec: 0 });
      break;
    case 'canceled':
      status(ringingAt + between(1_000, Math.max(1_000, ringTimeoutMs)), 'canceled', {
        hangupCause: 'canceled',
        hangupSource: 'caller',
        durationSec: 0,
      });
      break;
    case 'failed':
      status(ringingAt + between(500, 3_000), 'failed', { hangupCause: 'network_error', hangupSource: 'system', durationSec: 0 });
      break;
  }
  return { ...call, outcome, steps };
}

/** The cost of `talkSec` seconds of talk, billed per started minute, to 4 decimals. */
export function simulatedCost(talkSec: number, perMinute: Money): Money {
  const minutes = Math.ceil(talkSec / 60);
  return { amount: Math.round(minutes * perMinute.amount * 10_000) / 10_000, currency: perMinute.currency };
}

/** Picks a key by weight; `random()` in `[0, 1)`. */
export function pickWeighted<T>(entries: ReadonlyArray<readonly [T, number]>, random: () => number): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random() * total;
  for (const [value, weight] of entries) {
    if (point < weight) return value;
    point -= weight;
  }
  // Float rounding can leave `point` a hair above the last bucket: take the last positive one.
  return [...entries].reverse().find(([, weight]) => weight > 0)![0];
}

function planTranscript(language: string, answeredAt: number, endedAt: number, config: SimulatedConfig): SimulatedTranscriptStep[] {
  const options = config.conversations.filter((conversation) => conversation.language === language);
  if (options.length === 0) return [];
  const conversation = options[Math.floor(config.random() * options.length)]!;
  const start = answeredAt + 1_500;
  const usable = endedAt - 1_000 - start;
  const turns = conversation.turns.slice(0, Math.max(0, Math.floor(usable / MIN_TURN_MS)));
  if (turns.length === 0) return [];
  const spacing = usable / turns.length;
  return turns.flatMap((turn, index) => {
    const spokenAt = Math.round(start + index * spacing);
    const words = turn.text.split(' ');
    const partial = words.slice(0, Math.ceil(words.length / 2)).join(' ');
    const base = { type: 'transcript' as const, turn: index, role: turn.role, spokenAtMs: spokenAt };
    return [
      { ...base, atMs: spokenAt, text: partial, isFinal: false },
      { ...base, atMs: Math.round(spokenAt + Math.min(spacing * 0.6, 3_000)), text: turn.text, isFinal: true },
    ];
  });
}
