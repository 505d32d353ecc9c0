import type { CallEvent, CallStatus, CallStatusEvent, Direction, HangupCause } from '@callboard/core';

const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** Fields every builder accepts on top of its own. */
type Extra = Partial<Omit<CallEvent, 'type'>> & Record<string, unknown>;

/** A `call.status` event for a provider call (provider `twilio` unless given). */
export function statusEvent(providerCallId: string, status: CallStatus, at: string, extra: Extra = {}): CallStatusEvent {
  return {
    v: 1,
    type: 'call.status',
    key: `${providerCallId}:${status}:${at}`,
    provider: 'twilio',
    providerCallId,
    occurredAt: at,
    receivedAt: at,
    status,
    ...extra,
  } as CallStatusEvent;
}

/** A `call.transcript` event with one final segment. */
export function transcriptEvent(providerCallId: string, segmentId: string, text: string, at: string, extra: Extra = {}): CallEvent {
  return {
    v: 1,
    type: 'call.transcript',
    key: `${providerCallId}:transcript:${segmentId}`,
    provider: 'twilio',
    providerCallId,
    occurredAt: at,
    receivedAt: at,
    segments: [{ id: segmentId, role: 'caller', text, at, isFinal: true }],
    ...extra,
  } as CallEvent;
}

/** A `call.live` event. */
export function liveEvent(providerCallId: string, name: string, at: string, extra: Extra = {}): CallEvent {
  return { v: 1, type: 'call.live', key: `${providerCallId}:live:${name}:${at}`, provider: 'twilio', providerCallId, occurredAt: at, receivedAt: at, name, ...extra } as CallEvent;
}

/** A `call.deleted` event. */
export function deletedEvent(providerCallId: string, at: string, extra: Extra = {}): CallEvent {
  return { v: 1, type: 'call.deleted', key: `${providerCallId}:deleted:${at}`, provider: 'twilio', providerCallId, occurredAt: at, receivedAt: at, ...extra } as CallEvent;
}

/** A call described by its outcome, turned into the events a provider would send. */
export interface CallSpec {
  providerCallId: string;
  start: string;
  status: CallStatus;
  provider?: string;
  direction?: Direction;
  from?: string;
  to?: string;
  durationSec?: number;
  language?: string;
  cause?: HangupCause;
  transcript?: string;
}

/**
 * The events of one call: ringing at `start`; in-progress 5 s later when it was answered; the
 * terminal status (with duration, cause and language) after that; a transcript when given.
 */
export function callEvents(spec: CallSpec): CallEvent[] {
  const base = { provider: spec.provider ?? 'twilio', direction: spec.direction ?? 'inbound', from: spec.from ?? '+15550000000', to: spec.to ?? '+442070000000' };
  const events: CallEvent[] = [statusEvent(spec.providerCallId, 'ringing', spec.start, base)];
  const answered = spec.status === 'in-progress' || spec.status === 'completed';
  if (answered) events.push(statusEvent(spec.providerCallId, 'in-progress', plus(spec.start, 5), base));
  const language = spec.language === undefined ? {} : { language: spec.language };
  if (spec.status !== 'ringing' && spec.status !== 'in-progress' && spec.status !== 'queued' && spec.status !== 'initiated') {
    const end = plus(spec.start, 5 + (spec.durationSec ?? 20));
    events.push(
      statusEvent(spec.providerCallId, spec.status, end, {
        ...base,
        ...language,
        ...(spec.durationSec === undefined ? {} : { durationSec: spec.durationSec }),
        ...(spec.cause === undefined ? {} : { hangupCause: spec.cause }),
      }),
    );
  } else if (spec.language !== undefined) {
    events.push({ v: 1, type: 'call.updated', key: `${spec.providerCallId}:lang`, ...base, providerCallId: spec.providerCallId, occurredAt: plus(spec.start, 6), receivedAt: plus(spec.start, 6), language: spec.language });
  }
  if (spec.transcript) events.push(transcriptEvent(spec.providerCallId, 's1', spec.transcript, plus(spec.start, 7), { provider: base.provider }));
  return events;
}
