import { z } from 'zod';

// What Telnyx sends and answers, reduced to the fields the adapter reads. Lenient on purpose:
// unknown keys are ignored and optional fields may be null, so an API addition never breaks
// parsing. Wrong types are still refused.

/** @internal The Call Control webhook envelope. */
export const telnyxWebhookSchema = z.object({
  data: z.object({
    event_type: z.string().min(1).max(128),
    id: z.string().min(1).max(256),
    occurred_at: z.string().max(64),
    payload: z.unknown().optional(),
  }),
});

const telnyxUrlsSchema = z.object({ mp3: z.string().nullish(), wav: z.string().nullish() }).nullish();

/** @internal The `payload` fields of the `call.*` events the adapter maps. */
export const telnyxCallPayloadSchema = z.object({
  call_control_id: z.string().min(1).max(256),
  client_state: z.string().nullish(),
  direction: z.string().nullish(),
  from: z.string().nullish(),
  to: z.string().nullish(),
  hangup_cause: z.string().nullish(),
  hangup_source: z.string().nullish(),
  sip_hangup_cause: z.union([z.string(), z.number()]).nullish(),
  result: z.string().nullish(),
  recording_urls: telnyxUrlsSchema,
  public_recording_urls: telnyxUrlsSchema,
  recording_started_at: z.string().nullish(),
  recording_ended_at: z.string().nullish(),
  transcription_data: z
    .object({
      transcript: z.string().max(20_000),
      is_final: z.boolean().nullish(),
      transcription_track: z.string().nullish(),
    })
    .nullish(),
});

/** @internal A parsed `payload` of a mapped `call.*` event. */
export type TelnyxCallPayload = z.infer<typeof telnyxCallPayloadSchema>;

/** @internal The answer to `POST /calls`. */
export const telnyxDialResponseSchema = z.object({
  data: z.object({
    call_control_id: z.string().min(1).max(256),
    call_leg_id: z.string().nullish(),
    call_session_id: z.string().nullish(),
  }),
});

/** @internal Telnyx's error body: `{ errors: [{ code, title, detail }] }`. */
export const telnyxErrorBodySchema = z.object({
  errors: z
    .array(
      z.object({
        code: z.union([z.string(), z.number()]).nullish(),
        title: z.string().nullish(),
        detail: z.string().nullish(),
      }),
    )
    .nullish(),
});
