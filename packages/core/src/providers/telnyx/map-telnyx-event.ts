import { WebhookParseError } from '../../errors/webhook-parse-error.js';
import type { CallEvent, CallStatusEvent } from '../../model/call-event.js';
import type { AnsweredBy } from '../../model/hangup.js';
import type { TranscriptSegment } from '../../model/transcript-segment.js';
import { copyWith } from '../../util/copy-with.js';
import { mapTelnyxHangup } from './map-telnyx-hangup.js';
import type { TelnyxCallPayload } from './telnyx-api-schemas.js';

/** The fields every event parsed from one Telnyx webhook shares. */
export type TelnyxEventBase = Pick<
  CallStatusEvent,
  'v' | 'key' | 'provider' | 'providerCallId' | 'callId' | 'occurredAt' | 'receivedAt' | 'direction' | 'from' | 'to' | 'raw'
>;

type Mapper = (payload: TelnyxCallPayload, base: TelnyxEventBase, eventId: string) => CallEvent[];

const MAX_URL_CHARS = 2048;

/**
 * The `call.*` events that say something about a call, by `event_type`. Every other event
 * (playback, gather, DTMF, streaming, conference, ...) maps to no events.
 */
export const TELNYX_EVENT_MAPPERS: ReadonlyMap<string, Mapper> = new Map<string, Mapper>([
  // No `call.ringing` exists in Call Control v2. An inbound `call.initiated` is a call ringing at
  // us (parked until answered); an outbound one is a leg being dialed.
  ['call.initiated', (_, base) => [copyWith(base, { type: 'call.status' as const, status: base.direction === 'inbound' ? ('ringing' as const) : ('initiated' as const) })]],
  ['call.answered', (_, base) => [copyWith(base, { type: 'call.status' as const, status: 'in-progress' as const })]],
  ['call.bridged', (_, base) => [copyWith(base, { type: 'call.status' as const, status: 'in-progress' as const })]],
  ['call.hangup', mapHangup],
  ['call.machine.detection.ended', mapAnsweredBy],
  ['call.machine.premium.detection.ended', mapAnsweredBy],
  ['call.recording.saved', mapRecording],
  ['call.transcription', mapTranscription],
]);

function mapHangup(payload: TelnyxCallPayload, base: TelnyxEventBase): CallEvent[] {
  const outcome = mapTelnyxHangup({
    hangupCause: payload.hangup_cause,
    hangupSource: payload.hangup_source,
    sipHangupCause: payload.sip_hangup_cause,
    direction: base.direction,
  });
  return [Object.assign({}, base, { type: 'call.status' as const }, outcome)];
}

function mapAnsweredBy(payload: TelnyxCallPayload, base: TelnyxEventBase): CallEvent[] {
  if (!payload.result) throw new WebhookParseError({ message: 'Telnyx AMD event without result', provider: 'telnyx' });
  return [copyWith(base, { type: 'call.answered-by' as const, answeredBy: answeredBy(payload.result) })];
}

/** Standard AMD: human | machine | not_sure. Premium: human_residence | human_business | machine | silence | fax_detected. */
function answeredBy(result: string): AnsweredBy {
  if (result === 'human' || result.startsWith('human_')) return 'human';
  if (result === 'machine') return 'machine';
  if (result === 'fax' || result === 'fax_detected') return 'fax';
  return 'unknown';
}

function mapRecording(payload: TelnyxCallPayload, base: TelnyxEventBase): CallEvent[] {
  // Public URLs do not expire; the signed `recording_urls` last ten minutes, so they come last.
  const candidates = [
    payload.public_recording_urls?.mp3,
    payload.public_recording_urls?.wav,
    payload.recording_urls?.mp3,
    payload.recording_urls?.wav,
  ];
  const recordingUrl = candidates.find((url): url is string => typeof url === 'string' && url.length > 0 && url.length <= MAX_URL_CHARS);
  if (recordingUrl === undefined) return [];
  const started = Date.parse(payload.recording_started_at ?? '');
  const ended = Date.parse(payload.recording_ended_at ?? '');
  const durationMs = ended - started;
  const duration = Number.isFinite(durationMs) && durationMs >= 0 ? { recordingDurationSec: durationMs / 1000 } : {};
  return [Object.assign({}, base, { type: 'call.recording' as const, recordingUrl }, duration)];
}

/**
 * Telnyx transcription webhooks carry no utterance id, and delivery is unordered and may land
 * on any node, so segment ids are derived from the webhook alone: each track has one live line
 * (`<track>:live`) that every partial overwrites (the reducer keeps the latest), and each final is
 * its own segment (`<track>:<event id>`) delivered together with a blank live line, so the
 * partials of an utterance disappear when its final arrives. A partial that arrives after its
 * final is older than the blank line and is ignored.
 */
function mapTranscription(payload: TelnyxCallPayload, base: TelnyxEventBase, eventId: string): CallEvent[] {
  const data = payload.transcription_data;
  if (!data) throw new WebhookParseError({ message: 'Telnyx call.transcription without transcription_data', provider: 'telnyx' });
  const track = data.transcription_track === 'outbound' ? 'outbound' : 'inbound';
  const role = track === 'outbound' ? 'agent' : 'caller';
  const at = base.occurredAt;
  const live: TranscriptSegment = { id: `${track}:live`, role, at, isFinal: false, text: data.transcript };
  // Engines without interim results may leave is_final out: their results are final.
  if (data.is_final === false) return [copyWith(base, { type: 'call.transcript' as const, segments: [live] })];
  const segments: TranscriptSegment[] = [{ id: live.id, role, at, isFinal: false, text: '' }];
  if (data.transcript.trim() !== '') segments.unshift({ id: `${track}:${eventId}`, role, at, isFinal: true, text: data.transcript });
  return [copyWith(base, { type: 'call.transcript' as const, segments })];
}
