import { WebhookParseError } from '../../errors/webhook-parse-error.js';
import { CALL_EVENT_VERSION, type CallEvent, type CallStatusEvent } from '../../model/call-event.js';
import type { Money } from '../../model/call.js';
import type { ParseWebhookContext, WebhookRequest } from '../../provider/call-provider.js';
import { copyWith } from '../../util/copy-with.js';
import { africasTalkingCallbackSchema, type AfricasTalkingCallback } from './africastalking-api-schemas.js';
import { mapAfricasTalkingHangupCause } from './map-africastalking-hangup-cause.js';

const PROVIDER = 'africastalking';
const MAX_KEY_LENGTH = 512;

/**
 * Turns an Africa's Talking voice callback (form-encoded) into canonical events. Call it only
 * after {@link verifyAfricasTalkingRequest} accepted the request.
 *
 * Africa's Talking has no "answered" event, so the status comes from the shape of the request:
 * - `isActive=1` on an **outbound** call means the callee picked up (Africa's Talking fetches
 *   the call's XML only after answer): `in-progress`, with `callSessionState=Ringing` on that
 *   first request treated as a label, not a phase.
 * - `isActive=1` on an **inbound** call: the first request (`callSessionState=Ringing`, or no
 *   state, and no digits or recording) is the call reaching us: `ringing`. Any later one exists
 *   only because the XML we served is running (digits, a recording, another state): `in-progress`.
 * - `isActive=0` is the only terminal signal. The call counts as answered when
 *   `durationInSeconds > 0`; the status and cause then come from `hangupCause`
 *   ({@link mapAfricasTalkingHangupCause}). `durationInSeconds` becomes `durationSec`, and
 *   `amount` + `currencyCode` the cost.
 *
 * Numbers: `callerNumber` is always the phone user and `destinationNumber` always our Africa's
 * Talking number, so `from`/`to` are swapped for outbound calls.
 *
 * Times: `callStartTime` (`YYYY-MM-DD HH:MM:SS`, no zone) is read as **UTC**. It is the
 * `occurredAt` of the inbound `ringing` event, and the final callback reports it as the call's
 * `startedAt` (a `call.updated` event). Other events occur when received.
 *
 * Besides the status event, a `recordingUrl` yields a `call.recording` event; `dtmfDigits` is
 * kept in the event's `metadata` and every field in `raw`. Callbacks carry no event id, so the
 * key is `africastalking:<sessionId>:<isActive>:<callSessionState>:<dtmfDigits>:<recordingUrl>:<hangupCause>`
 * (hashed when longer than 512 characters).
 *
 * @throws WebhookParseError (`BAD_PAYLOAD`) when the body lacks `sessionId`, a valid
 * `isActive` or `direction`. Nothing else is thrown, whatever the input.
 *
 * @example
 * const events = parseAfricasTalkingWebhook(request, { receivedAt: new Date() });
 */
export function parseAfricasTalkingWebhook(request: WebhookRequest, context: ParseWebhookContext): CallEvent[] {
  const receivedAt = toIso(context.receivedAt);
  const raw = readForm(request.rawBody);
  const parsed = africasTalkingCallbackSchema.safeParse(raw);
  if (!parsed.success) {
    throw new WebhookParseError({
      provider: PROVIDER,
      message: "Not an Africa's Talking voice callback: it needs sessionId, isActive (0 or 1) and direction",
      cause: parsed.error,
      details: { fields: parsed.error.issues.map((issue) => issue.path.join('.')) },
    });
  }
  return toEvents(parsed.data, raw, receivedAt);
}

function toEvents(callback: AfricasTalkingCallback, raw: Record<string, string>, receivedAt: string): CallEvent[] {
  const outbound = callback.direction === 'outbound';
  const key = eventKey(callback);
  // Built by assignment, never by spreading into a literal that adds more: see `copyWith`.
  const base = Object.assign(
    { v: CALL_EVENT_VERSION, provider: PROVIDER, providerCallId: callback.sessionId, receivedAt, direction: callback.direction },
    optional('from', outbound ? callback.destinationNumber : callback.callerNumber),
    optional('to', outbound ? callback.callerNumber : callback.destinationNumber),
    { raw },
  );
  const startedAt = parseCallStartTime(callback.callStartTime);
  const events: CallEvent[] = [];
  if (callback.isActive === '1') {
    const firstInbound = !outbound && isFirstRequest(callback);
    const occurredAt = firstInbound ? (startedAt ?? receivedAt) : receivedAt;
    const status = firstInbound ? ('ringing' as const) : ('in-progress' as const);
    events.push(Object.assign({}, base, { type: 'call.status' as const, key, occurredAt, status }, metadataOf(callback)));
  } else {
    events.push(finalStatusEvent(callback, copyWith(base, { key, occurredAt: receivedAt })));
  }
  if (callback.recordingUrl !== undefined) {
    events.push(copyWith(base, { type: 'call.recording' as const, key: `${key}:recording`, occurredAt: receivedAt, recordingUrl: callback.recordingUrl }));
  }
  if (callback.isActive === '0' && startedAt !== undefined) {
    events.push(copyWith(base, { type: 'call.updated' as const, key: `${key}:started`, occurredAt: receivedAt, startedAt }));
  }
  return events;
}

function finalStatusEvent(
  callback: AfricasTalkingCallback,
  base: Omit<CallStatusEvent, 'type' | 'status'>,
): CallStatusEvent {
  const durationSec = parseDecimal(callback.durationInSeconds);
  const end = mapAfricasTalkingHangupCause(callback.hangupCause, durationSec !== undefined && durationSec > 0);
  const cost = costOf(callback);
  return Object.assign(
    {},
    base,
    { type: 'call.status' as const, status: end.status, hangupCause: end.hangupCause },
    optional('hangupCauseRaw', callback.hangupCause),
    optional('durationSec', durationSec),
    optional('cost', cost),
    metadataOf(callback),
  );
}

function isFirstRequest(callback: AfricasTalkingCallback): boolean {
  if (callback.dtmfDigits !== undefined || callback.recordingUrl !== undefined) return false;
  return callback.callSessionState === undefined || callback.callSessionState.toLowerCase() === 'ringing';
}

function metadataOf(callback: AfricasTalkingCallback): { metadata?: Record<string, unknown> } {
  return callback.dtmfDigits === undefined ? {} : { metadata: { dtmfDigits: callback.dtmfDigits } };
}

function costOf(callback: AfricasTalkingCallback): Money | undefined {
  const amount = parseDecimal(callback.amount);
  if (amount === undefined || callback.currencyCode === undefined) return undefined;
  return { amount, currency: callback.currencyCode };
}

function eventKey(callback: AfricasTalkingCallback): string {
  const parts = [
    callback.isActive,
    callback.callSessionState,
    callback.dtmfDigits,
    callback.recordingUrl,
    callback.hangupCause,
  ].map((part) => part ?? '');
  const key = `${PROVIDER}:${callback.sessionId}:${parts.join(':')}`;
  if (key.length <= MAX_KEY_LENGTH) return key;
  return `${PROVIDER}:${callback.sessionId}:#${fnv1a(parts.join(':'), 0x811c9dc5)}${fnv1a(parts.join(':'), 0x01000193)}`;
}

/** Reads a form body, keeping the first value of a repeated field. Never throws. */
function readForm(rawBody: unknown): Record<string, string> {
  const fields = new Map<string, string>();
  if (typeof rawBody !== 'string') return {};
  for (const [name, value] of new URLSearchParams(rawBody)) {
    if (!fields.has(name)) fields.set(name, value);
  }
  // Object.fromEntries defines own properties, so a field named `__proto__` stays a plain field.
  return Object.fromEntries(fields);
}

const CALL_START_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T+](\d{2}):(\d{2}):(\d{2})$/;

/** `YYYY-MM-DD HH:MM:SS` (no zone) read as UTC; undefined when it is not a real date and time. */
function parseCallStartTime(value: string | undefined): string | undefined {
  const match = value === undefined ? null : CALL_START_TIME.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  const roundTrips =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return roundTrips && year >= 1970 ? date.toISOString() : undefined;
}

function parseDecimal(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,15}(\.\d{1,10})?$/.test(value)) return undefined;
  return Number(value);
}

function toIso(date: Date): string {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new WebhookParseError({ provider: PROVIDER, message: 'context.receivedAt is not a valid date' });
  return new Date(ms).toISOString();
}

function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
