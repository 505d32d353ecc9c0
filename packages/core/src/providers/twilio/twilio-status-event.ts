import { WebhookParseError } from '../../errors/webhook-parse-error.js';
import type { CallStatusEvent } from '../../model/call-event.js';
import { isTerminalStatus, type CallStatus } from '../../model/call-status.js';
import { copyWith } from '../../util/copy-with.js';
import { mapTwilioAnsweredBy } from './map-twilio-answered-by.js';
import { mapTwilioHangupCause } from './map-twilio-hangup-cause.js';
import { readCount } from './read-count.js';
import type { TwilioEventBase } from './twilio-event-base.js';
import type { TwilioWebhookParams } from './twilio-webhook-schemas.js';

// Twilio's CallStatus values are the canonical ones, `initiated` included.
const STATUSES: ReadonlyMap<string, CallStatus> = new Map(
  (['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'] as const).map(
    (status) => [status, status],
  ),
);

/**
 * The `call.status` event of a status callback (or of any request carrying `CallStatus`).
 * Keyed `twilio:<CallSid>:<SequenceNumber>:<CallStatus>`, so a redelivery dedupes. Terminal
 * statuses carry the normalized hangup cause; `AnsweredBy`, `CallDuration`, `SipResponseCode`
 * and `RecordingUrl` ride along when present. Throws `WebhookParseError` for an unknown status.
 */
export function twilioStatusEvent(params: TwilioWebhookParams, base: TwilioEventBase): CallStatusEvent {
  const status = STATUSES.get(params.CallStatus ?? '');
  if (status === undefined) {
    throw new WebhookParseError({
      message: 'CallStatus is not a Twilio call status',
      provider: 'twilio',
      details: { field: 'CallStatus', value: params.CallStatus },
    });
  }
  const event: CallStatusEvent = copyWith(base, {
    type: 'call.status' as const,
    key: `twilio:${params.CallSid}:${params.SequenceNumber ?? ''}:${status}`,
    status,
  });
  const sequence = readCount(params.SequenceNumber);
  if (sequence !== undefined) event.sequence = sequence;
  const sipCode = /^[1-6]\d\d$/.test(params.SipResponseCode ?? '') ? Number(params.SipResponseCode) : undefined;
  if (sipCode !== undefined) event.sipCode = sipCode;
  if (isTerminalStatus(status)) {
    event.hangupCause = mapTwilioHangupCause(status, sipCode);
    event.hangupCauseRaw = status;
  }
  if (params.AnsweredBy) event.answeredBy = mapTwilioAnsweredBy(params.AnsweredBy);
  const duration = readCount(params.CallDuration);
  if (duration !== undefined) event.durationSec = duration;
  if (params.RecordingUrl) event.recordingUrl = params.RecordingUrl;
  return event;
}
