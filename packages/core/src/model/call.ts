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
  amount: z.number().finite(),
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
  id: z.string(),
  provider: z.string(),
  providerCallId: z.string(),
  direction: directionSchema,
  from: z.string(),
  to: z.string(),
  status: callStatusSchema,
  hangupCause: hangupCauseSchema.optional(),
  hangupCauseRaw: z.string().optional(),
  sipCode: z.number().int().optional(),
  hangupSource: hangupSourceSchema.optional(),
  answeredBy: answeredBySchema.optional(),
  createdAt: isoDate,
  startedAt: isoDate.optional(),
  answeredAt: isoDate.optional(),
  endedAt: isoDate.optional(),
  durationSec: z.number().nonnegative().optional(),
  durationSource: z.enum(DURATION_SOURCES).optional(),
  language: z.string().optional(),
  transcript: z.array(transcriptSegmentSchema),
  recordingUrl: z.string().optional(),
  cost: moneySchema.optional(),
  metadata: z.record(z.string(), z.unknown()),
  updatedAt: isoDate,
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
