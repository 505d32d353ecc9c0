import { copyWith } from '../util/copy-with.js';
import type { Call } from './call.js';
import type { CallEvent, CallStatusEvent } from './call-event.js';
import { isTerminalStatus, statusRank } from './call-status.js';
import { compareIsoTime } from './compare-iso-time.js';
import { mergeTranscript } from './merge-transcript.js';

/**
 * Applies one event to a call and returns the new call (the input is never mutated).
 *
 * Providers deliver at-least-once and in any order, so the result depends only on the set of
 * events a call received, not on their order or on duplicates. The rules:
 * - **Monotonic status.** A status applies only when it raises the rank
 *   (`queued` < `initiated` < `ringing` < `in-progress` < terminal).
 * - **Terminal is sticky.** Once a call is `completed`, `busy`, `no-answer`, `failed` or
 *   `canceled`, a later terminal event never changes the status. It still enriches the call
 *   (duration, cost, recording, `endedAt`), but hangup details (`hangupCause`,
 *   `hangupCauseRaw`, `sipCode`, `hangupSource`) come only from events reporting the call's
 *   own terminal status, each field from the first such event that has it.
 * - **Idempotent.** Applying the same event twice gives the same call as applying it once.
 * - **Times are order-free.** `startedAt`, `answeredAt` and `endedAt` are the earliest
 *   provider time reported for that phase, whatever order the events came in, so a late
 *   `in-progress` event still fills `answeredAt` on a completed call. `createdAt` and
 *   `updatedAt` are the earliest and latest receive times.
 * - **Duration.** A duration the provider or bot reports wins (the largest, when several
 *   report one, as interim reports only grow); otherwise it is computed from `answeredAt` to
 *   `endedAt`, in whole seconds, and recomputed when either moves. `durationSource` says which.
 * - **Transcript.** Segments merge by `id`, sorted by time; a final segment replaces a partial
 *   one, a partial never replaces a final one, and of two partials the later (then longer) one
 *   is kept.
 * - **Everything else** (direction, numbers, language, cost, recording, AMD) takes the value
 *   of the last event that carries one; the events of one call agree on these. Metadata keys
 *   merge. `call.live` and `call.deleted` events leave the call as it is.
 *
 * When `call` is undefined the call is created from the event, with the id
 * `event.callId` (the hub always sets it) or `<provider>:<providerCallId>`.
 *
 * @example
 * let call = reduceCall(undefined, ringingEvent);
 * call = reduceCall(call, completedEvent);
 * call = reduceCall(call, ringingEvent); // late duplicate: no change
 * call.status; // 'completed'
 */
export function reduceCall(call: Call | undefined, event: CallEvent): Call {
  const base = call ?? createCall(event);
  if (event.type === 'call.live' || event.type === 'call.deleted') {
    return base;
  }
  const next: Call = copyWith(base, {
    direction: event.direction ?? base.direction,
    from: nonEmpty(event.from) ?? base.from,
    to: nonEmpty(event.to) ?? base.to,
    createdAt: earliest(base.createdAt, event.receivedAt),
    updatedAt: latest(base.updatedAt, event.receivedAt),
  });
  switch (event.type) {
    case 'call.status':
      applyStatus(next, event);
      break;
    case 'call.answered-by':
      next.answeredBy = event.answeredBy;
      break;
    case 'call.recording':
      next.recordingUrl = event.recordingUrl;
      break;
    case 'call.transcript':
      next.transcript = mergeTranscript(base.transcript, event.segments);
      break;
    case 'call.updated':
      if (event.language !== undefined) next.language = event.language;
      if (event.cost !== undefined) next.cost = event.cost;
      if (event.metadata !== undefined) next.metadata = { ...base.metadata, ...event.metadata };
      if (event.startedAt !== undefined) next.startedAt = earliest(next.startedAt, event.startedAt);
      if (event.endedAt !== undefined) next.endedAt = earliest(next.endedAt, event.endedAt);
      break;
  }
  applyDuration(next, event.type === 'call.status' || event.type === 'call.updated' ? event.durationSec : undefined);
  return next;
}

function applyStatus(next: Call, event: CallStatusEvent): void {
  const incoming = event.status;
  if (!isTerminalStatus(next.status) && statusRank(incoming) > statusRank(next.status)) {
    next.status = incoming;
  }
  if (isTerminalStatus(incoming)) {
    next.endedAt = earliest(next.endedAt, event.occurredAt);
    if (next.status === incoming) {
      if (next.hangupCause === undefined && event.hangupCause !== undefined) next.hangupCause = event.hangupCause;
      if (next.hangupCauseRaw === undefined && event.hangupCauseRaw !== undefined) next.hangupCauseRaw = event.hangupCauseRaw;
      if (next.sipCode === undefined && event.sipCode !== undefined) next.sipCode = event.sipCode;
      if (next.hangupSource === undefined && event.hangupSource !== undefined) next.hangupSource = event.hangupSource;
    }
  } else if (incoming === 'in-progress') {
    next.answeredAt = earliest(next.answeredAt, event.occurredAt);
  }
  if (incoming !== 'queued') {
    next.startedAt = earliest(next.startedAt, event.occurredAt);
  }
  if (event.answeredBy !== undefined) next.answeredBy = event.answeredBy;
  if (event.cost !== undefined) next.cost = event.cost;
  if (event.recordingUrl !== undefined) next.recordingUrl = event.recordingUrl;
  if (event.language !== undefined) next.language = event.language;
  if (event.metadata !== undefined) next.metadata = { ...next.metadata, ...event.metadata };
}

/**
 * A reported duration beats a computed one. A call stored before `durationSource` existed has a
 * duration without a source: it counts as reported, so it is never silently recomputed.
 */
function applyDuration(next: Call, reported: number | undefined): void {
  if (reported !== undefined) {
    const known = next.durationSource === 'computed' ? undefined : next.durationSec;
    next.durationSec = known === undefined ? reported : Math.max(known, reported);
    next.durationSource = 'reported';
    return;
  }
  const computable = next.durationSource === 'computed' || next.durationSec === undefined;
  if (computable && next.answeredAt !== undefined && next.endedAt !== undefined) {
    const ms = Date.parse(next.endedAt) - Date.parse(next.answeredAt);
    next.durationSec = Math.max(0, Math.round(ms / 1000));
    next.durationSource = 'computed';
  }
}

function createCall(event: CallEvent): Call {
  return {
    id: event.callId ?? `${event.provider}:${event.providerCallId}`,
    provider: event.provider,
    providerCallId: event.providerCallId,
    direction: event.direction ?? 'inbound',
    from: event.from ?? '',
    to: event.to ?? '',
    status: 'queued',
    createdAt: event.receivedAt,
    updatedAt: event.receivedAt,
    transcript: [],
    metadata: {},
    version: 0,
  };
}

function earliest(a: string | undefined, b: string): string;
function earliest(a: string | undefined, b: string | undefined): string | undefined;
function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareIsoTime(b, a) < 0 ? b : a;
}

function latest(a: string, b: string): string {
  return compareIsoTime(b, a) > 0 ? b : a;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
