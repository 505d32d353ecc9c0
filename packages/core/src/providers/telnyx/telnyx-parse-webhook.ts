import { WebhookParseError } from '../../errors/webhook-parse-error.js';
import { CALL_EVENT_VERSION, type CallEvent } from '../../model/call-event.js';
import type { Direction } from '../../model/call.js';
import type { ParseWebhookContext, WebhookRequest } from '../../provider/call-provider.js';
import { TELNYX_EVENT_MAPPERS, type TelnyxEventBase } from './map-telnyx-event.js';
import { telnyxCallPayloadSchema, telnyxWebhookSchema, type TelnyxCallPayload } from './telnyx-api-schemas.js';
import { decodeTelnyxClientState } from './telnyx-client-state.js';

const MAX_PARTY_CHARS = 256;
// Keeps derived ids (`telnyx:<id>`, transcript `outbound:<id>`) inside the event model's limits. Telnyx ids are UUIDs.
const MAX_EVENT_ID_CHARS = 190;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const NORMALIZED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Turns a (verified) Telnyx Call Control webhook body into canonical call events.
 *
 * The envelope is `{ data: { event_type, id, occurred_at, payload }, meta }`. The dedupe key is
 * `telnyx:<data.id>`, the call is `payload.call_control_id`, and a `client_state` that placeCall
 * set names Callboard's call id. `call.initiated`, `call.answered`, `call.bridged`,
 * `call.hangup`, answering-machine detection, `call.recording.saved` and `call.transcription`
 * map to events; every other event maps to none. Throws only `WebhookParseError`
 * (`BAD_PAYLOAD`), whatever the body.
 *
 * @example
 * const events = parseTelnyxWebhook({ rawBody }, { receivedAt: new Date() });
 */
export function parseTelnyxWebhook(request: Pick<WebhookRequest, 'rawBody'>, context: ParseWebhookContext): CallEvent[] {
  const envelope = telnyxWebhookSchema.safeParse(parseJson(request.rawBody));
  if (!envelope.success) throw badPayload('The body is not a Telnyx webhook envelope', envelope.error.issues);
  const { data } = envelope.data;
  const mapper = TELNYX_EVENT_MAPPERS.get(data.event_type);
  if (mapper === undefined) return [];
  if (data.id.length > MAX_EVENT_ID_CHARS) throw badPayload('data.id is too long');
  const occurredAt = normalizeTime(data.occurred_at);
  if (occurredAt === undefined) throw badPayload('data.occurred_at is not an ISO 8601 date-time');
  const receivedAt = normalizeTime(context.receivedAt instanceof Date ? context.receivedAt : undefined);
  if (receivedAt === undefined) throw badPayload('context.receivedAt is not a valid date');
  const parsedPayload = telnyxCallPayloadSchema.safeParse(data.payload);
  if (!parsedPayload.success) throw badPayload(`The ${data.event_type} payload is not usable`, parsedPayload.error.issues);
  const base = eventBase(parsedPayload.data, data.payload as Record<string, unknown>, data.id, occurredAt, receivedAt);
  return mapper(parsedPayload.data, base, data.id);
}

function eventBase(
  payload: TelnyxCallPayload,
  raw: Record<string, unknown>,
  eventId: string,
  occurredAt: string,
  receivedAt: string,
): TelnyxEventBase {
  const callId = decodeTelnyxClientState(payload.client_state);
  const direction = mapDirection(payload.direction, callId);
  const from = party(payload.from);
  const to = party(payload.to);
  return {
    v: CALL_EVENT_VERSION,
    key: `telnyx:${eventId}`,
    provider: 'telnyx',
    providerCallId: payload.call_control_id,
    occurredAt,
    receivedAt,
    raw,
    ...(callId === undefined ? {} : { callId }),
    ...(direction === undefined ? {} : { direction }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
}

/**
 * Only `call.initiated` says `direction`. A `client_state` carrying our call id means we placed
 * the call, which is how a `call.hangup` (no direction field) learns it was our outbound leg.
 */
function mapDirection(direction: string | null | undefined, callId: string | undefined): Direction | undefined {
  if (direction === 'incoming') return 'inbound';
  if (direction === 'outgoing' || callId !== undefined) return 'outbound';
  return undefined;
}

/** A number or SIP URI too long to store is left out rather than failing the whole webhook. */
function party(value: string | null | undefined): string | undefined {
  return value && value.length <= MAX_PARTY_CHARS ? value : undefined;
}

/** Telnyx times carry microseconds; events keep millisecond UTC ISO strings like every other provider. */
function normalizeTime(value: string | Date | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && !ISO_DATE_TIME.test(value)) return undefined;
  const time = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (!Number.isFinite(time)) return undefined;
  const iso = new Date(time).toISOString();
  return NORMALIZED_ISO.test(iso) ? iso : undefined;
}

function parseJson(rawBody: unknown): unknown {
  if (typeof rawBody !== 'string') throw new WebhookParseError({ message: 'The body is not text', provider: 'telnyx' });
  try {
    return JSON.parse(rawBody);
  } catch (cause) {
    throw new WebhookParseError({ message: 'The body is not JSON', provider: 'telnyx', cause });
  }
}

function badPayload(message: string, issues?: ReadonlyArray<{ path: PropertyKey[]; message: string }>): WebhookParseError {
  return new WebhookParseError({
    message,
    provider: 'telnyx',
    ...(issues ? { details: { issues: issues.slice(0, 10).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) } } : {}),
  });
}
