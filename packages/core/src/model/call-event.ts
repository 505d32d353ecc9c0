import { z } from 'zod';
import { callStatusSchema } from './call-status.js';
import { directionSchema, moneySchema } from './call.js';
import { answeredBySchema, hangupCauseSchema, hangupSourceSchema } from './hangup.js';
import { transcriptSegmentSchema } from './transcript-segment.js';

const isoDate = z.iso.datetime({ offset: true });

/** The version of the {@link CallEvent} shape. Bumped only on a breaking change. */
export const CALL_EVENT_VERSION = 1 as const;

const eventBase = {
  /** Version of the event shape. */
  v: z.literal(CALL_EVENT_VERSION),
  /** Dedupe key: the same provider delivery always yields the same key. */
  key: z.string().min(1).max(512),
  /** The provider that reported the event (`twilio`, `telnyx`, `africastalking`, `simulated`, `bot`, ...). */
  provider: z.string().min(1).max(64),
  /** The provider's id for the call (Twilio `CallSid`, Telnyx `call_control_id`, AT `sessionId`, a bot's `callId`). */
  providerCallId: z.string().min(1).max(256),
  /** Callboard's id for the call, when known (set by the hub before reducing). */
  callId: z.string().min(1).max(256).optional(),
  /** When the provider says it happened. */
  occurredAt: isoDate,
  /** When we received it. */
  receivedAt: isoDate,
  /** The provider's per-call sequence number, when it sends one (Twilio `SequenceNumber`). */
  sequence: z.number().int().nonnegative().optional(),
  /** Which way the call goes, when the event says. */
  direction: directionSchema.optional(),
  /** The calling party, when the event says. */
  from: z.string().max(256).optional(),
  /** The called party, when the event says. */
  to: z.string().max(256).optional(),
  /** The provider's payload as received, for the call detail view. */
  raw: z.record(z.string(), z.unknown()).optional(),
};

/** @internal */
export const callStatusEventSchema = z.object({
  ...eventBase,
  /** A status change. */
  type: z.literal('call.status'),
  /** The status the provider reports. Applies only when it raises the call's rank. */
  status: callStatusSchema,
  /** Why the call ended (terminal statuses), normalized. */
  hangupCause: hangupCauseSchema.optional(),
  /** The provider's own hangup cause. */
  hangupCauseRaw: z.string().max(256).optional(),
  /** The SIP response code, when reported. */
  sipCode: z.number().int().optional(),
  /** Who ended the call, when reported. */
  hangupSource: hangupSourceSchema.optional(),
  /** An answering-machine detection result reported with the status. */
  answeredBy: answeredBySchema.optional(),
  /** The call's duration in seconds, as the provider reports it. */
  durationSec: z.number().nonnegative().optional(),
  /** What the call cost. */
  cost: moneySchema.optional(),
  /** Where the recording can be fetched. */
  recordingUrl: z.string().max(2048).optional(),
  /** The call's language (BCP 47). */
  language: z.string().max(64).optional(),
  /** Application data to merge into the call's metadata. */
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** @internal */
export const callAnsweredByEventSchema = z.object({
  ...eventBase,
  /** An answering-machine detection result. */
  type: z.literal('call.answered-by'),
  /** Who (or what) answered. */
  answeredBy: answeredBySchema,
});

/** @internal */
export const callRecordingEventSchema = z.object({
  ...eventBase,
  /** A recording became available. */
  type: z.literal('call.recording'),
  /** Where the recording can be fetched. */
  recordingUrl: z.string().min(1).max(2048),
  /** The recording's length in seconds, when reported. */
  recordingDurationSec: z.number().nonnegative().optional(),
});

/** @internal */
export const callTranscriptEventSchema = z.object({
  ...eventBase,
  /** Transcript segments. */
  type: z.literal('call.transcript'),
  /** The segments to merge into the call's transcript by id. */
  segments: z.array(transcriptSegmentSchema).min(1).max(1000),
});

/** @internal */
export const callUpdatedEventSchema = z.object({
  ...eventBase,
  /** Details that are not a status change. */
  type: z.literal('call.updated'),
  /** The call's language (BCP 47). */
  language: z.string().max(64).optional(),
  /** The call's duration in seconds, as the bot reports it (so far, while the call runs). */
  durationSec: z.number().nonnegative().optional(),
  /** What the call cost. */
  cost: moneySchema.optional(),
  /** When the call started. */
  startedAt: isoDate.optional(),
  /** When the call ended. */
  endedAt: isoDate.optional(),
  /** Application data to merge into the call's metadata. */
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** @internal */
export const callLiveEventSchema = z.object({
  ...eventBase,
  /** A live, application-defined event. */
  type: z.literal('call.live'),
  /** The application's name for the event (`intent-detected`, `agent-joined`, ...). */
  name: z.string().min(1).max(128),
  /** The application's payload. */
  data: z.unknown().optional(),
});

/** @internal */
export const callDeletedEventSchema = z.object({
  ...eventBase,
  /** The call was deleted. */
  type: z.literal('call.deleted'),
});

/** @internal */
export const callEventSchema = z.discriminatedUnion('type', [
  callStatusEventSchema,
  callAnsweredByEventSchema,
  callRecordingEventSchema,
  callTranscriptEventSchema,
  callUpdatedEventSchema,
  callLiveEventSchema,
  callDeletedEventSchema,
]);

/** A status change, with whatever the provider reported beside it (cause, duration, cost, ...). */
export type CallStatusEvent = z.infer<typeof callStatusEventSchema>;
/** An answering-machine detection result. Never changes the status. */
export type CallAnsweredByEvent = z.infer<typeof callAnsweredByEventSchema>;
/** A recording became available. */
export type CallRecordingEvent = z.infer<typeof callRecordingEventSchema>;
/** Transcript segments to merge into the call (appended, or replacing partials with the same id). */
export type CallTranscriptEvent = z.infer<typeof callTranscriptEventSchema>;
/** Details that are not a status change (language, duration, cost, metadata, times), as bots report them. */
export type CallUpdatedEvent = z.infer<typeof callUpdatedEventSchema>;
/** A live, application-defined event for a call (a bot's `sendLiveEvent`). Streamed, stored, but does not change the call. */
export type CallLiveEvent = z.infer<typeof callLiveEventSchema>;
/** The call was deleted. */
export type CallDeletedEvent = z.infer<typeof callDeletedEventSchema>;

/**
 * Everything that can happen to a call, as a versioned discriminated union on `type`.
 *
 * Providers deliver at-least-once and out of order, so every event carries a dedupe `key`,
 * the provider's `occurredAt` and our `receivedAt`; {@link reduceCall} is idempotent and monotonic.
 */
export type CallEvent = z.infer<typeof callEventSchema>;

/** The `type` of a {@link CallEvent}. */
export type CallEventType = CallEvent['type'];

/**
 * Parses an untrusted value into a {@link CallEvent}, or returns the zod issues.
 * Use at a boundary (wire frames, stored rows); inside, events are trusted.
 */
export function safeParseCallEvent(value: unknown) {
  return callEventSchema.safeParse(value);
}
