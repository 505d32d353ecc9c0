import { WebhookParseError } from '../../errors/webhook-parse-error.js';
import type { CallLiveEvent, CallTranscriptEvent } from '../../model/call-event.js';
import type { TranscriptRole } from '../../model/transcript-segment.js';
import { copyWith } from '../../util/copy-with.js';
import type { TwilioEventBase } from './twilio-event-base.js';
import { twilioTranscriptionDataSchema, type TwilioWebhookParams } from './twilio-webhook-schemas.js';

/**
 * The events of a transcription callback.
 *
 * - `<Record transcribe>` callbacks (`TranscriptionText`, `TranscriptionStatus`): one final
 *   `call.transcript` segment spoken by the `caller` once the status is `completed`.
 * - Real-time transcription (`TranscriptionEvent=transcription-content`, the utterance in the
 *   JSON of `TranscriptionData`): a final result is a `call.transcript` segment whose role comes
 *   from `Track` (`inbound_track` is the caller, `outbound_track` the agent). Twilio gives
 *   partial results no utterance id a final result could replace them by, so a partial is sent
 *   as a `call.live` event named `transcript.partial` for live views, and never stored in the
 *   transcript. Started, stopped and error events carry nothing about the call.
 *
 * Throws `WebhookParseError` when `TranscriptionData` is not the expected JSON.
 */
export function twilioTranscriptionEvents(
  params: TwilioWebhookParams,
  base: TwilioEventBase,
): Array<CallTranscriptEvent | CallLiveEvent> {
  if (params.TranscriptionEvent !== undefined) return realtimeEvents(params, base);
  if (params.TranscriptionStatus !== 'completed' || !params.TranscriptionText?.trim()) return [];
  const id = `twilio:${params.TranscriptionSid ?? params.CallSid}`;
  return [
    copyWith(base, {
      type: 'call.transcript' as const,
      key: `twilio:${params.CallSid}:transcription:${params.TranscriptionSid ?? ''}`,
      segments: [{ id, role: 'caller' as const, text: params.TranscriptionText, at: base.occurredAt, isFinal: true }],
    }),
  ];
}

function realtimeEvents(params: TwilioWebhookParams, base: TwilioEventBase): Array<CallTranscriptEvent | CallLiveEvent> {
  if (params.TranscriptionEvent !== 'transcription-content') return [];
  const text = readTranscript(params.TranscriptionData);
  if (!text.trim()) return [];
  const role: TranscriptRole = params.Track === 'outbound_track' ? 'agent' : 'caller';
  const sequence = params.SequenceId ?? '';
  const key = `twilio:${params.CallSid}:transcription:${params.TranscriptionSid ?? ''}:${sequence}`;
  if (params.Final?.toLowerCase() === 'false') {
    return [copyWith(base, { type: 'call.live' as const, key, name: 'transcript.partial', data: { role, text, sequence } })];
  }
  const id = `twilio:${params.TranscriptionSid ?? params.CallSid}:${sequence}`;
  return [copyWith(base, { type: 'call.transcript' as const, key, segments: [{ id, role, text, at: base.occurredAt, isFinal: true }] })];
}

function readTranscript(data: string | undefined): string {
  let json: unknown;
  try {
    json = JSON.parse(data ?? '');
  } catch (cause) {
    throw new WebhookParseError({ message: 'TranscriptionData is not JSON', provider: 'twilio', cause, details: { field: 'TranscriptionData' } });
  }
  const parsed = twilioTranscriptionDataSchema.safeParse(json);
  if (!parsed.success) {
    throw new WebhookParseError({
      message: 'TranscriptionData has no transcript',
      provider: 'twilio',
      details: { field: 'TranscriptionData' },
    });
  }
  return parsed.data.transcript;
}
