import { CallboardError } from '../errors/index.js';
import { DIRECTIONS, type CallStatus, type Direction, type TerminalStatus, type TranscriptRole } from '../model/index.js';
import type { OutboxEntry } from './outbox-entry.js';

/** What {@link CallLogger.logCallStart} takes: the field names of the existing bot integrations. */
export interface CallStartInput {
  /** The bot's id for the call; every later logger call names it. */
  callId: string;
  /** `inbound` or `outbound` (the bot API's name). Give this or `direction`. */
  type?: Direction;
  /** Alias of `type`. */
  direction?: Direction;
  /** Who called. */
  caller: string;
  /** Who was called. */
  receiver: string;
  /** When the call started; defaults to the time `logCallStart` is called. */
  startTime?: Date | string;
  /** Defaults to `in-progress`. */
  status?: CallStatus;
  language?: string;
  metadata?: Record<string, unknown>;
}

/** One transcript line. `at` defaults to the time of the logger call, `isFinal` to true. */
export interface TranscriptLine {
  text: string;
  role?: TranscriptRole;
  at?: Date | string;
  isFinal?: boolean;
  /** Stable id of the utterance, so a final line replaces its partials. */
  id?: string;
}

/** What {@link CallLogger.logCallEnd} takes. */
export interface CallEndInput {
  /** How the call ended: a terminal call status, or `success` (the bot API's word for `completed`). */
  status: TerminalStatus | 'success';
  /** Defaults to the time `logCallEnd` is called. */
  endTime?: Date | string;
  /** Seconds. */
  duration?: number;
  /** A score the bot computed (for example 1-5). */
  satisfaction?: number;
  /** The whole transcript, when the bot sends it at the end instead of line by line. */
  transcript?: string | TranscriptLine[];
  metadata?: Record<string, unknown>;
}

/** @internal An entry without its id and time, which the logger adds. */
export type IngestRequest = Pick<OutboxEntry, 'callId' | 'operation' | 'method' | 'path' | 'body'>;

/** @internal `POST /api/calls`. */
export function callStartRequest(input: CallStartInput, now: number): IngestRequest {
  const callId = requireText(input?.callId, 'callId');
  const type = input.type ?? input.direction;
  if (type === undefined || !DIRECTIONS.includes(type)) {
    throw invalid(`type must be one of ${DIRECTIONS.join(', ')}`, 'type');
  }
  const body = {
    callId,
    type,
    caller: requireText(input.caller, 'caller'),
    receiver: requireText(input.receiver, 'receiver'),
    startTime: toIso(input.startTime, now, 'startTime'),
    status: input.status ?? 'in-progress',
    language: input.language,
    metadata: input.metadata,
  };
  return { callId, operation: 'call.start', method: 'POST', path: '/api/calls', body };
}

/**
 * @internal `PATCH /api/calls/:callId/transcript`: one line as `{ text, role, at, isFinal }`,
 * several as `{ segments }`. Lines without `at` get `now`, `now + 1`, ... so lines logged in
 * the same millisecond keep their order on the server, which sorts a transcript by time.
 */
export function transcriptRequest(callId: string, input: string | TranscriptLine | TranscriptLine[], now: number): IngestRequest {
  const id = requireText(callId, 'callId');
  const body = Array.isArray(input)
    ? { segments: input.map((line, index) => transcriptLine(line, now + index)) }
    : transcriptLine(typeof input === 'string' ? { text: input } : input, now);
  return { callId: id, operation: 'call.transcript', method: 'PATCH', path: `${callPath(id)}/transcript`, body };
}

/** @internal `PATCH /api/calls/:callId`. */
export function callEndRequest(callId: string, input: CallEndInput, now: number): IngestRequest {
  const id = requireText(callId, 'callId');
  const body = {
    status: requireText(input?.status, 'status'),
    endTime: toIso(input.endTime, now, 'endTime'),
    duration: optionalNumber(input.duration, 'duration'),
    satisfaction: optionalNumber(input.satisfaction, 'satisfaction'),
    transcript: Array.isArray(input.transcript) ? input.transcript.map((line, index) => transcriptLine(line, now + index)) : input.transcript,
    metadata: input.metadata,
  };
  return { callId: id, operation: 'call.end', method: 'PATCH', path: callPath(id), body };
}

/** @internal `POST /api/calls/:callId/events`. */
export function liveEventRequest(callId: string, name: string, data: unknown): IngestRequest {
  const id = requireText(callId, 'callId');
  const body = { name: requireText(name, 'name'), data };
  return { callId: id, operation: 'call.event', method: 'POST', path: `${callPath(id)}/events`, body };
}

function transcriptLine(line: TranscriptLine, now: number): Record<string, unknown> {
  return {
    id: line?.id,
    text: typeof line?.text === 'string' ? line.text : failText(),
    role: line.role,
    at: toIso(line.at, now, 'at'),
    isFinal: line.isFinal ?? true,
  };
}

function callPath(callId: string): string {
  return `/api/calls/${encodeURIComponent(callId)}`;
}

function toIso(value: Date | string | undefined, now: number, field: string): string {
  const time = value === undefined ? now : value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(time)) throw invalid(`${field} is not a valid date`, field);
  return new Date(time).toISOString();
}

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`${field} must be a non-empty string`, field);
  return value;
}

function optionalNumber(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`${field} must be a finite number`, field);
  return value;
}

function failText(): never {
  throw invalid('a transcript line needs a text string', 'text');
}

function invalid(message: string, field: string): CallboardError {
  return new CallboardError({ code: 'INVALID_ARGUMENT', message, details: { field } });
}
