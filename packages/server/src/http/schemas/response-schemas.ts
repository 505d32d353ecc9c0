import { ANSWERED_BY, CALL_STATUSES, DIRECTIONS, HANGUP_CAUSES, HANGUP_SOURCES, TRANSCRIPT_ROLES } from '@callboard/core';
import { z } from 'zod';

// Response shapes, for the OpenAPI document only: responses are built from trusted values and
// are not validated on the way out.

const moneySchema = z.object({ amount: z.number(), currency: z.string() });

/** A call as the API returns it. */
export const callSchema = z
  .object({
    id: z.string(),
    provider: z.string(),
    providerCallId: z.string(),
    direction: z.enum(DIRECTIONS),
    from: z.string(),
    to: z.string(),
    status: z.enum(CALL_STATUSES),
    hangupCause: z.enum(HANGUP_CAUSES).optional(),
    hangupCauseRaw: z.string().optional(),
    sipCode: z.number().int().optional(),
    hangupSource: z.enum(HANGUP_SOURCES).optional(),
    answeredBy: z.enum(ANSWERED_BY).optional(),
    createdAt: z.string(),
    startedAt: z.string().optional(),
    answeredAt: z.string().optional(),
    endedAt: z.string().optional(),
    durationSec: z.number().optional(),
    language: z.string().optional(),
    transcript: z.array(
      z.object({ id: z.string(), role: z.enum(TRANSCRIPT_ROLES), text: z.string(), at: z.string(), isFinal: z.boolean() }),
    ),
    recordingUrl: z.string().optional(),
    cost: moneySchema.optional(),
    metadata: z.record(z.string(), z.unknown()),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Call' });

/** `{ call }`. */
export const callResponseSchema = z.object({ call: callSchema });

/** A stored event: its seq, the call id and the event (a `CallEvent`, discriminated on `type`). */
export const storedEventSchema = z
  .object({
    seq: z.number().int(),
    callId: z.string(),
    event: z.object({ type: z.string(), key: z.string(), provider: z.string(), occurredAt: z.string() }).loose(),
  })
  .meta({ id: 'StoredEvent' });

/** `{ call, events? }`. */
export const callDetailResponseSchema = z.object({ call: callSchema, events: z.array(storedEventSchema).optional() });

/** A page of the call log. */
export const callPageSchema = z.object({ calls: z.array(callSchema), nextCursor: z.string().optional(), total: z.number().int() });

/** `{ calls }`. */
export const callListSchema = z.object({ calls: z.array(callSchema) });

/** KPI numbers. */
export const statsSchema = z.object({
  total: z.number().int(),
  active: z.number().int(),
  byStatus: z.record(z.enum(CALL_STATUSES), z.number().int()),
  answerRate: z.number().nullable(),
  averageDurationSec: z.number().nullable(),
});

/** Analytics over a time range. */
export const analyticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  bucket: z.enum(['minute', 'hour', 'day']),
  totals: z.object({
    calls: z.number(),
    answered: z.number(),
    answerRate: z.number().nullable(),
    meanDurationSec: z.number().nullable(),
    medianDurationSec: z.number().nullable(),
    p90DurationSec: z.number().nullable(),
  }),
  volume: z.array(z.object({ start: z.string(), calls: z.number(), answered: z.number(), failed: z.number() })),
  byStatus: z.array(z.object({ status: z.enum(CALL_STATUSES), calls: z.number() })),
  byHangupCause: z.array(z.object({ cause: z.string(), calls: z.number() })),
  byHourOfDay: z.array(z.object({ hour: z.number(), calls: z.number() })),
  byLanguage: z.array(z.object({ language: z.string(), calls: z.number() })),
  daily: z.array(z.object({ date: z.string(), calls: z.number(), answered: z.number(), meanDurationSec: z.number().nullable() })),
});

/** `POST /api/calls/initiate`. */
export const initiateResponseSchema = z.object({
  callId: z.string(),
  roomId: z.string().meta({ description: 'The signaling room of the call (also in call.metadata.roomId)' }),
  call: callSchema.optional(),
});

/** `POST /api/calls/:callId/events`. */
export const liveEventResponseSchema = z.object({ callId: z.string(), name: z.string() });

/** `POST /api/tokens`. */
export const tokenResponseSchema = z.object({ token: z.string(), expiresAt: z.string() });

/** `GET /api/me`. */
export const meResponseSchema = z.object({
  subject: z.string(),
  kind: z.enum(['key', 'token', 'dev']),
  scopes: z.array(z.enum(['ingest', 'read', 'admin'])),
  devMode: z.boolean(),
  rooms: z.array(z.string()).optional(),
  expiresAt: z.string().optional(),
});

/** `GET /health`. */
export const healthResponseSchema = z.object({ status: z.enum(['ok']) });

/** Every error. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ examples: ['BAD_REQUEST'] }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });
