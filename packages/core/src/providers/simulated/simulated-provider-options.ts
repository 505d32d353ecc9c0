import { z } from 'zod';
import { CallboardError } from '../../errors/callboard-error.js';
import type { TerminalStatus } from '../../model/call-status.js';
import type { Money } from '../../model/call.js';
import { clockSetting, functionSetting } from '../../provider-kit/setting-schemas.js';
import { TRANSCRIPT_ROLES } from '../../model/transcript-segment.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { SIMULATED_OWN_NUMBERS } from './simulated-phone-number.js';
import { SIMULATED_CONVERSATIONS, type SimulatedConversation } from './simulated-transcripts.js';

/** The timer functions the simulated provider schedules with (the fake clock's, in tests). */
export interface SimulatedTimers {
  /** Calls `callback` once after `ms` milliseconds; returns a handle for `clearTimeout`. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a pending callback. Unknown or fired handles are ignored. */
  clearTimeout(handle: unknown): void;
}

/** A range in seconds; values are drawn uniformly from it. */
export interface SimulatedRange {
  min: number;
  max: number;
}

/** Relative weights of how calls end (any scale: `70` and `0.7` mean the same share of the total). */
export type SimulatedOutcomeRates = Partial<Record<TerminalStatus, number>>;

/** Options of {@link createSimulatedProvider}. Every one has a sensible default. */
export interface SimulatedProviderOptions {
  /** The time source. A clock that also has `setTimeout`/`clearTimeout` (the fake clock) brings its timers. */
  clock?: Clock & Partial<SimulatedTimers>;
  /** Schedules with this instead of the clock's or the runtime's `setTimeout`. Give `clearTimeout` with it. */
  setTimeout?: SimulatedTimers['setTimeout'];
  /** Cancels what `setTimeout` scheduled. */
  clearTimeout?: SimulatedTimers['clearTimeout'];
  /** Random numbers in `[0, 1)`. Pass `createSeededRandom(seed)` for runs that repeat exactly. Default `Math.random`. */
  random?: () => number;
  /**
   * How calls end. Default `{ completed: 70, busy: 10, 'no-answer': 10, failed: 5, canceled: 5 }`.
   * When given it replaces the default: outcomes left out never happen.
   */
  rates?: SimulatedOutcomeRates;
  /** Seconds of ringing before an answered call is picked up. Default 2-12. */
  ringSec?: SimulatedRange;
  /** Seconds an answered call lasts (whole seconds). Default 20-240. */
  talkSec?: SimulatedRange;
  /** Seconds of ringing before an unanswered call ends `no-answer`. Default 30. */
  ringTimeoutSec?: number;
  /** Language codes with relative weights. Default `{ en: 55, fr: 15, sw: 15, es: 15 }`. */
  languages?: Record<string, number>;
  /** The conversations played as transcripts during answered calls. Default {@link SIMULATED_CONVERSATIONS}. */
  conversations?: readonly SimulatedConversation[];
  /** The price of a call, per started minute of talk. Default 0.013 USD. */
  costPerMinute?: Money;
  /** Our numbers (E.164): outbound calls come from, and inbound calls go to, one of them. Default {@link SIMULATED_OWN_NUMBERS}. */
  ownNumbers?: readonly string[];
  /** Traffic skips new calls while this many are live. Default 1000. */
  maxConcurrentCalls?: number;
  /** Receives errors thrown or rejected by a sink. Default: `console.error`. */
  onError?: (error: unknown) => void;
}

/** Options with defaults applied and checked (not exported from the package). */
export interface SimulatedConfig {
  clock: Clock;
  timers: SimulatedTimers;
  random: () => number;
  rates: Array<[TerminalStatus, number]>;
  ringSec: SimulatedRange;
  talkSec: SimulatedRange;
  ringTimeoutSec: number;
  languages: Array<[string, number]>;
  conversations: readonly SimulatedConversation[];
  costPerMinute: Money;
  ownNumbers: readonly string[];
  maxConcurrentCalls: number;
  onError: (error: unknown) => void;
}

const DEFAULT_RATES: Record<TerminalStatus, number> = { completed: 70, busy: 10, 'no-answer': 10, failed: 5, canceled: 5 };

const weight = z.number().finite().nonnegative();
const weights = z.record(z.string().min(1), weight).refine((record) => Object.values(record).some((value) => value > 0), {
  message: 'at least one weight must be above zero',
});
const range = z
  .strictObject({ min: z.number().finite().nonnegative(), max: z.number().finite().nonnegative() })
  .refine((value) => value.min <= value.max, { message: 'min must not exceed max' });

const optionsSchema = z.strictObject({
  clock: clockSetting<Clock & Partial<SimulatedTimers>>().optional(),
  setTimeout: functionSetting<SimulatedTimers['setTimeout']>().optional(),
  clearTimeout: functionSetting<SimulatedTimers['clearTimeout']>().optional(),
  random: functionSetting<() => number>().optional(),
  rates: z
    .strictObject({ completed: weight, busy: weight, 'no-answer': weight, failed: weight, canceled: weight })
    .partial()
    .refine((record) => Object.values(record).some((value) => value > 0), { message: 'at least one rate must be above zero' })
    .optional(),
  ringSec: range.optional(),
  talkSec: range.optional(),
  ringTimeoutSec: z.number().finite().positive().optional(),
  languages: weights.optional(),
  conversations: z
    .array(
      z.object({
        language: z.string().min(1),
        turns: z.array(z.object({ role: z.enum(TRANSCRIPT_ROLES), text: z.string().min(1).max(2_000) })),
      }),
    )
    .optional(),
  costPerMinute: z.strictObject({ amount: z.number().finite().nonnegative(), currency: z.string().min(1).max(10) }).optional(),
  ownNumbers: z.array(z.string().regex(/^\+[1-9]\d{1,14}$/, 'numbers must be E.164')).min(1).optional(),
  maxConcurrentCalls: z.number().int().positive().optional(),
  onError: functionSetting<(error: unknown) => void>().optional(),
});

/** Applies defaults and checks the options; throws `INVALID_ARGUMENT` naming the bad fields. */
export function resolveSimulatedOptions(options: SimulatedProviderOptions): SimulatedConfig {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const fields = parsed.error.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.')]));
    throw new CallboardError({
      code: 'INVALID_ARGUMENT',
      message: `Invalid simulated provider options: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
      details: { fields },
    });
  }
  if ((options.setTimeout === undefined) !== (options.clearTimeout === undefined)) {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'Give setTimeout and clearTimeout together', details: { fields: ['setTimeout', 'clearTimeout'] } });
  }
  const clock = options.clock ?? systemClock;
  return {
    clock,
    timers: timersFor(options, clock),
    random: options.random ?? Math.random,
    rates: Object.entries(options.rates ?? DEFAULT_RATES) as Array<[TerminalStatus, number]>,
    ringSec: options.ringSec ?? { min: 2, max: 12 },
    talkSec: options.talkSec ?? { min: 20, max: 240 },
    ringTimeoutSec: options.ringTimeoutSec ?? 30,
    languages: Object.entries(options.languages ?? { en: 55, fr: 15, sw: 15, es: 15 }),
    conversations: options.conversations ?? SIMULATED_CONVERSATIONS,
    costPerMinute: options.costPerMinute ?? { amount: 0.013, currency: 'USD' },
    ownNumbers: options.ownNumbers ?? SIMULATED_OWN_NUMBERS,
    maxConcurrentCalls: options.maxConcurrentCalls ?? 1_000,
    onError: options.onError ?? ((error) => console.error('callboard simulated provider: a sink failed', error)),
  };
}

function timersFor(options: SimulatedProviderOptions, clock: Clock & Partial<SimulatedTimers>): SimulatedTimers {
  const { setTimeout, clearTimeout } = options;
  // Called as plain functions: a browser's own setTimeout throws when called as a method of another object.
  if (setTimeout && clearTimeout) return { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle) };
  if (typeof clock.setTimeout === 'function' && typeof clock.clearTimeout === 'function') {
    return { setTimeout: clock.setTimeout.bind(clock), clearTimeout: clock.clearTimeout.bind(clock) };
  }
  return {
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  };
}
