import { z } from 'zod';
import { callStatusSchema } from './call-status.js';
import { answeredBySchema, hangupCauseSchema, hangupSourceSchema } from './hangup.js';
import { transcriptSegmentSchema } from './transcript-segment.js';

/** Which way a call goes, seen from our side. */
export const DIRECTIONS = ['inbound', 'outbound'] as const;

/** Which way a call goes, seen from our side. */
export type Direction = (typeof DIRECTIONS)[number];

/** @internal */
export const directionSchema = z.enum(DIRECTIONS);

/** @internal */
export const moneySchema = z.object({
  /** The amount, in units of the currency (not cents). */
  amount: z.number().finite(),
  /** The currency code (ISO 4217, for example `USD` or `KES`). */
  currency: z.string().min(1).max(10),
});

/** An amount of money with its currency code (for example `{ amount: 0.013, currency: 'USD' }`). */
export type Money = z.infer<typeof moneySchema>;

/**
 * Where a call's `durationSec` came from: `reported` by the provider or bot, or `computed` by
 * {@link reduceCall} from `answeredAt` to `endedAt`. A call with a duration but no source was
 * stored before the field existed; its duration counts as reported.
 */
export const DURATION_SOURCES = ['reported', 'computed'] as const;

/** Where a call's `durationSec` came from. See {@link DURATION_SOURCES}. */
export type DurationSource = (typeof DURATION_SOURCES)[number];

const isoDate = z.iso.datetime({ offset: true });

/** @internal */
export const callSchema = z.object({
  /** Callboard's id for the call (the hub's, or `<provider>:<providerCallId>`). */
  id: z.string(),
  /** The provider that reported the call (`twilio`, `telnyx`, `africastalking`, `simulated`, `bot`, ...). */
  provider: z.string(),
  /** The provider's id for the call (Twilio `CallSid`, Telnyx `call_control_id`, ...). */
  providerCallId: z.string(),
  /** Which way the call goes, seen from our side. */
  direction: directionSchema,
  /** The calling party (E.164 number, SIP URI or client name), empty when never reported. */
  from: z.string(),
  /** The called party, empty when never reported. */
  to: z.string(),
  /** The canonical status: it only ever moves up in rank, and a terminal status never changes. */
  status: callStatusSchema,
  /** Why the call ended, normalized across providers. */
  hangupCause: hangupCauseSchema.optional(),
  /** The provider's own hangup cause, as it reported it. */
  hangupCauseRaw: z.string().optional(),
  /** The SIP response code of the end of the call, when the provider reports one. */
  sipCode: z.number().int().optional(),
  /** Who ended the call, where the provider says so. */
  hangupSource: hangupSourceSchema.optional(),
  /** The answering-machine detection result. It never changes the status. */
  answeredBy: answeredBySchema.optional(),
  /** When Callboard first heard of the call (the earliest receive time). */
  createdAt: isoDate,
  /** When the call started, by the provider's clock: the earliest non-queued status. */
  startedAt: isoDate.optional(),
  /** When the call was answered (the earliest `in-progress` report). */
  answeredAt: isoDate.optional(),
  /** When the call ended (the earliest terminal report). */
  endedAt: isoDate.optional(),
  /** How long the call talked, in seconds: reported by the provider or bot, else `endedAt - answeredAt`. */
  durationSec: z.number().nonnegative().optional(),
  /** Whether `durationSec` was reported or computed. */
  durationSource: z.enum(DURATION_SOURCES).optional(),
  /** The call's language (BCP 47, for example `en-US`), when reported. */
  language: z.string().optional(),
  /** What was said, by segment, sorted by time; partial segments are replaced by their final version. */
  transcript: z.array(transcriptSegmentSchema),
  /** Where the call's recording can be fetched. */
  recordingUrl: z.string().optional(),
  /** What the call cost, when the provider or bot reports it. */
  cost: moneySchema.optional(),
  /** Application data; the keys of every report are merged. */
  metadata: z.record(z.string(), z.unknown()),
  /** When Callboard last received an event for the call. */
  updatedAt: isoDate,
  /** The `seq` of the last stored event that changed the call (0 before it is stored). */
  version: z.number().int().nonnegative(),
});

/**
 * The canonical call. Every provider's webhooks and every bot's reports are reduced into this
 * one shape by {@link reduceCall}.
 *
 * Times are ISO-8601 strings in UTC. `version` is the `seq` of the last stored event that
 * changed the call (0 before it is stored), so a newer copy always has a higher version.
 */
export type Call = z.infer<typeof callSchema>;
