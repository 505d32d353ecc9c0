import {
  CALL_EVENT_VERSION,
  isTerminalStatus,
  type Call,
  type CallEvent,
  type CallStatus,
  type Direction,
  type TranscriptSegment,
} from '@callboard/core';
import type { SegmentInput } from '../schemas/bot-schemas.js';
import type { BotEventKeys } from './bot-event-keys.js';
import { BOT_HANGUP_CAUSE } from './map-bot-status.js';
import { DEFAULT_BOT_ROLE, mapBotRole } from './map-bot-role.js';

/** The provider id of every event a bot reports. */
export const BOT_PROVIDER = 'bot';

/** Where the events of one bot request go and when they were received. */
export interface BotTarget {
  /** The bot's call id (becomes `providerCallId`). */
  providerCallId: string;
  /** Callboard's id, when the call exists already. */
  callId?: string;
  receivedAt: string;
  keys: BotEventKeys;
}

/**
 * The builders below add to the object `base` returns with `Object.assign` rather than spreading
 * it into a literal with more properties: on Node 20's V8 such a literal gets maps of its own,
 * made in the old generation, one set per request, where every object built by assignment from
 * the same literal shares its maps.
 */
type EventBase = Pick<CallEvent, 'v' | 'key' | 'provider' | 'providerCallId' | 'callId' | 'occurredAt' | 'receivedAt'>;

function base(target: BotTarget, n: number, occurredAt: string): EventBase {
  const fields: EventBase = { v: CALL_EVENT_VERSION, key: target.keys.event(n), provider: BOT_PROVIDER, providerCallId: target.providerCallId, occurredAt, receivedAt: target.receivedAt };
  if (target.callId !== undefined) fields.callId = target.callId;
  return fields;
}

/** The events of `POST /api/calls`: one status event carrying the call's parties and details. */
export function botStartEvents(
  target: BotTarget,
  input: {
    direction: Direction;
    caller?: string | undefined;
    receiver?: string | undefined;
    startTime?: string | undefined;
    status?: CallStatus | undefined;
    rawStatus?: string | undefined;
    language?: string | undefined;
    metadata?: Record<string, unknown> | undefined;
  },
): CallEvent[] {
  const status = input.status ?? 'in-progress';
  const event = Object.assign(base(target, 0, input.startTime ?? target.receivedAt), { type: 'call.status' as const, status, direction: input.direction });
  return [
    Object.assign(
      event,
      input.caller === undefined ? {} : { from: input.caller },
      input.receiver === undefined ? {} : { to: input.receiver },
      terminalDetails(status, input.rawStatus),
      input.language === undefined ? {} : { language: input.language },
      input.metadata === undefined ? {} : { metadata: input.metadata },
    ),
  ];
}

/** The events of `PATCH /api/calls/:callId`: a status event (or an update), then the transcript. */
export function botUpdateEvents(
  target: BotTarget,
  call: Call,
  input: {
    status?: CallStatus | undefined;
    rawStatus?: string | undefined;
    endTime?: string | undefined;
    duration?: number | undefined;
    transcript?: string | SegmentInput[] | undefined;
    satisfaction?: number | string | undefined;
    language?: string | undefined;
    metadata?: Record<string, unknown> | undefined;
  },
): CallEvent[] {
  const events: CallEvent[] = [];
  const metadata =
    input.metadata === undefined && input.satisfaction === undefined
      ? undefined
      : Object.assign({}, input.metadata, input.satisfaction === undefined ? {} : { satisfaction: input.satisfaction });
  const details = Object.assign(
    {},
    input.duration === undefined ? {} : { durationSec: input.duration },
    input.language === undefined ? {} : { language: input.language },
    metadata === undefined ? {} : { metadata },
  );
  if (input.status !== undefined) {
    const event = Object.assign(base(target, 0, input.endTime ?? target.receivedAt), { type: 'call.status' as const, status: input.status });
    events.push(Object.assign(event, terminalDetails(input.status, input.rawStatus), details));
  } else if (input.endTime !== undefined || Object.keys(details).length > 0) {
    const event = Object.assign(base(target, 0, input.endTime ?? target.receivedAt), { type: 'call.updated' as const });
    events.push(Object.assign(event, input.endTime === undefined ? {} : { endedAt: input.endTime }, details));
  }
  if (input.transcript !== undefined) {
    const at = input.endTime ?? call.endedAt ?? target.receivedAt;
    const segments = typeof input.transcript === 'string' ? textToSegments(input.transcript, at, target.keys) : toSegments(input.transcript, target);
    if (segments.length > 0) events.push(transcriptEvent(target, 1, segments));
  }
  return events;
}

/** The event of `PATCH /api/calls/:callId/transcript`. */
export function botTranscriptEvents(target: BotTarget, lines: SegmentInput[]): CallEvent[] {
  return [transcriptEvent(target, 0, toSegments(lines, target))];
}

/** The event of `POST /api/calls/:callId/events`. */
export function botLiveEvents(target: BotTarget, name: string, data: unknown): CallEvent[] {
  return [Object.assign(base(target, 0, target.receivedAt), { type: 'call.live' as const, name }, data === undefined ? {} : { data })];
}

/** A `call.updated` event setting metadata (the server's own, e.g. the signaling `roomId`). */
export function metadataEvent(call: Call, key: string, metadata: Record<string, unknown>, at: string): CallEvent {
  return {
    v: CALL_EVENT_VERSION,
    key,
    provider: call.provider,
    providerCallId: call.providerCallId,
    callId: call.id,
    occurredAt: at,
    receivedAt: at,
    type: 'call.updated',
    metadata,
  };
}

function terminalDetails(status: CallStatus, rawStatus: string | undefined) {
  if (!isTerminalStatus(status)) return {};
  const cause = BOT_HANGUP_CAUSE[status];
  return Object.assign({}, cause === undefined ? {} : { hangupCause: cause }, rawStatus === undefined ? {} : { hangupCauseRaw: rawStatus });
}

function transcriptEvent(target: BotTarget, n: number, segments: TranscriptSegment[]): CallEvent {
  return Object.assign(base(target, n, segments[0]?.at ?? target.receivedAt), { type: 'call.transcript' as const, segments });
}

function toSegments(lines: SegmentInput[], target: BotTarget): TranscriptSegment[] {
  return lines.map((line, i) => ({
    id: line.id ?? target.keys.segment(i),
    role: line.role ?? DEFAULT_BOT_ROLE,
    text: line.text,
    at: line.at ?? target.receivedAt,
    isFinal: line.isFinal ?? true,
  }));
}

/** The most lines a text transcript may have (the event's segment limit). */
export const MAX_TRANSCRIPT_LINES = 1000;
const MAX_SEGMENT_TEXT = 20_000;

/**
 * Splits a text transcript into segments, one per non-empty line; a line starting with a known
 * speaker (`User: ...`, `Bot: ...`) keeps that role. Lines longer than a segment allows are cut
 * into several segments. Callers check the line count first.
 */
export function textToSegments(text: string, at: string, keys: BotEventKeys): TranscriptSegment[] {
  const segments: TranscriptSegment[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const match = /^([A-Za-z]{2,12})\s*:\s*(.+)$/.exec(trimmed);
    const role = match ? mapBotRole(match[1]!) : undefined;
    const body = role !== undefined ? match![2]! : trimmed;
    for (let offset = 0; offset < body.length; offset += MAX_SEGMENT_TEXT) {
      segments.push({
        id: keys.segment(segments.length),
        role: role ?? DEFAULT_BOT_ROLE,
        text: body.slice(offset, offset + MAX_SEGMENT_TEXT),
        at,
        isFinal: true,
      });
    }
  }
  return segments;
}
