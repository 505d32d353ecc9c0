import type { CallRecordingEvent } from '../../model/call-event.js';
import { copyWith } from '../../util/copy-with.js';
import { readCount } from './read-count.js';
import type { TwilioEventBase } from './twilio-event-base.js';
import type { TwilioWebhookParams } from './twilio-webhook-schemas.js';

/**
 * The events of a recording status callback: one `call.recording` once the recording is
 * `completed` (or when no `RecordingStatus` is given but a `RecordingUrl` is), none for
 * `in-progress`, `absent` or `failed`. Keyed by `RecordingSid` and status.
 */
export function twilioRecordingEvents(params: TwilioWebhookParams, base: TwilioEventBase): CallRecordingEvent[] {
  const status = params.RecordingStatus ?? 'completed';
  if (status !== 'completed' || !params.RecordingUrl) return [];
  const event: CallRecordingEvent = copyWith(base, {
    type: 'call.recording' as const,
    key: `twilio:${params.CallSid}:recording:${params.RecordingSid ?? ''}:${status}`,
    recordingUrl: params.RecordingUrl,
  });
  const duration = readCount(params.RecordingDuration);
  if (duration !== undefined) event.recordingDurationSec = duration;
  return [event];
}
