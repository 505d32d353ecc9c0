import { CallboardError } from '../../errors/callboard-error.js';
import { WebhookParseError } from '../../errors/webhook-parse-error.js';
import type { CallEvent } from '../../model/call-event.js';
import type { ParseWebhookContext, WebhookRequest } from '../../provider/call-provider.js';
import { copyWith } from '../../util/copy-with.js';
import { mapTwilioAnsweredBy } from './map-twilio-answered-by.js';
import { readTwilioParams } from './read-twilio-params.js';
import { twilioEventBase } from './twilio-event-base.js';
import { twilioRecordingEvents } from './twilio-recording-events.js';
import { twilioStatusEvent } from './twilio-status-event.js';
import { twilioTranscriptionEvents } from './twilio-transcription-events.js';
import { twilioWebhookParamsSchema } from './twilio-webhook-schemas.js';

/**
 * Turns a (verified) Twilio voice webhook into canonical call events:
 *
 * - a status callback, or any request with `CallStatus` -> one `call.status` event
 *   (see `reference/providers.md` §6.2-6.3 for the mapping);
 * - a recording status callback -> `call.recording` once the recording is completed;
 * - a `<Record transcribe>` or real-time transcription callback -> `call.transcript`
 *   (partial real-time results as `call.live` `transcript.partial`);
 * - an asynchronous AMD callback (`AnsweredBy` without `CallStatus`) -> `call.answered-by`;
 * - anything else that names a call -> no events.
 *
 * Every event keeps all parameters in `raw`. Throws only `WebhookParseError` (`BAD_PAYLOAD`):
 * for a body that is not form-encoded, too large, without `CallSid`, with an over-long field,
 * an unknown `CallStatus`, or unreadable `TranscriptionData`.
 *
 * @example
 * const events = parseTwilioWebhook(
 *   { method: 'POST', url, headers: request.headers, rawBody },
 *   { receivedAt: new Date() },
 * );
 */
export function parseTwilioWebhook(request: WebhookRequest, context: ParseWebhookContext): CallEvent[] {
  try {
    return parseEvents(request, context);
  } catch (error) {
    if (error instanceof WebhookParseError || (CallboardError.isInstance(error) && error.code === 'BAD_PAYLOAD')) throw error;
    // A parser must never throw anything else, whatever the input.
    throw new WebhookParseError({ message: 'The Twilio webhook could not be parsed', provider: 'twilio', cause: error });
  }
}

function parseEvents(request: WebhookRequest, context: ParseWebhookContext): CallEvent[] {
  const raw = Object.fromEntries(readTwilioParams(request));
  const parsed = twilioWebhookParamsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new WebhookParseError({
      message: parsed.error.issues.some((issue) => issue.path[0] === 'CallSid')
        ? 'The webhook has no usable CallSid'
        : 'A webhook parameter is longer than any Twilio sends',
      provider: 'twilio',
      details: { fields: [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))] },
    });
  }
  const params = parsed.data;
  const base = twilioEventBase(params, raw, context.receivedAt.toISOString());
  if (params.TranscriptionEvent !== undefined || params.TranscriptionStatus !== undefined || params.TranscriptionText !== undefined) {
    return twilioTranscriptionEvents(params, base);
  }
  if (params.RecordingStatus !== undefined || (params.RecordingSid !== undefined && params.CallStatus === undefined)) {
    return twilioRecordingEvents(params, base);
  }
  if (params.CallStatus !== undefined) return [twilioStatusEvent(params, base)];
  if (params.AnsweredBy) {
    return [copyWith(base, { type: 'call.answered-by' as const, key: `twilio:${params.CallSid}:amd:${params.AnsweredBy}`, answeredBy: mapTwilioAnsweredBy(params.AnsweredBy) })];
  }
  return [];
}
