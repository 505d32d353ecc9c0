import type { Call } from './call.js';
import type { CallEvent, CallStatusEvent } from './call-event.js';
import { isTerminalStatus, statusRank } from './call-status.js';
import type { TranscriptSegment } from './transcript-segment.js';

/**
 * Applies one event to a call and returns the new call (the input is never mutated).
 *
 * The rules, which make provider delivery (at-least-once, any order) safe:
 * - **Monotonic status.** A status applies only when it raises the rank
 *   (`queued` < `initiated` < `ringing` < `in-progress` < terminal).
 * - **Terminal is sticky.** Once a call is `completed`, `busy`, `no-answer`, `failed` or
 *   `canceled`, a later terminal event only enriches it (cause, duration, cost, recording)
 *   and never changes the status.
 * - **Idempotent.** Applying the same event twice gives the same call as applying it once.
 * - **Times are order-free.** `startedAt`, `answeredAt` and `endedAt` are the earliest
 *   provider time reported for that phase, whatever order the events came in, so a late
 *   `in-progress` event still fills `answeredAt` on a completed call.
 * - **Duration.** A duration the provider or bot reports wins; otherwise it is computed from
 *   `answeredAt` to `endedAt`.
 * - **Transcript.** Segments merge by `id`, sorted by time; a final segment replaces a partial
 *   one, a partial never replaces a final one.
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
    return call ?? base;
  }
  const next: Call = {
    ...base,
    direction: event.direction ?? base.direction,
    from: nonEmpty(event.from) ?? base.from,
    to: nonEmpty(event.to) ?? base.to,
    createdAt: minIso(base.createdAt, event.receivedAt) ?? base.createdAt,
    updatedAt: maxIso(base.updatedAt, event.receivedAt),
  };
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
      if (event.startedAt !== undefined) next.startedAt = minIso(next.startedAt, event.startedAt);
      if (event.endedAt !== undefined) next.endedAt = minIso(next.endedAt, event.endedAt);
      if (event.durationSec !== undefined) next.durationSec = event.durationSec;
      break;
  }
  if (next.durationSec === undefined && next.answeredAt && next.endedAt) {
    next.durationSec = Math.max(0, Math.round((Date.parse(next.endedAt) - Date.parse(next.answeredAt)) / 1000));
  }
  return next;
}

function applyStatus(next: Call, event: CallStatusEvent): void {
  const current = next.status;
  const incoming = event.status;
  const terminalNow = isTerminalStatus(current);
  if (!terminalNow && statusRank(incoming) > statusRank(current)) {
    next.status = incoming;
  }
  if (isTerminalStatus(incoming)) {
    next.endedAt = minIso(next.endedAt, event.occurredAt);
    // The event that made the call terminal sets the cause; a later terminal event only fills gaps.
    const setTerminal = !terminalNow && next.status === incoming;
    if (setTerminal || next.hangupCause === undefined) {
      if (event.hangupCause !== undefined) next.hangupCause = event.hangupCause;
      if (event.hangupCauseRaw !== undefined) next.hangupCauseRaw = event.hangupCauseRaw;
      if (event.sipCode !== undefined) next.sipCode = event.sipCode;
    }
    if (event.hangupSource !== undefined && (setTerminal || next.hangupSource === undefined)) {
      next.hangupSource = event.hangupSource;
    }
  } else if (incoming === 'in-progress') {
    next.answeredAt = minIso(next.answeredAt, event.occurredAt);
  }
  if (incoming !== 'queued') {
    next.startedAt = minIso(next.startedAt, event.occurredAt);
  }
  if (event.answeredBy !== undefined) next.answeredBy = event.answeredBy;
  if (event.durationSec !== undefined) next.durationSec = event.durationSec;
  if (event.cost !== undefined) next.cost = event.cost;
  if (event.recordingUrl !== undefined) next.recordingUrl = event.recordingUrl;
  if (event.language !== undefined) next.language = event.language;
  if (event.metadata !== undefined) next.metadata = { ...next.metadata, ...event.metadata };
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

/** Merges segments by id; the result is sorted by time, then id. */
function mergeTranscript(current: TranscriptSegment[], incoming: TranscriptSegment[]): TranscriptSegment[] {
  const byId = new Map(current.map((segment) => [segment.id, segment]));
  let changed = false;
  for (const segment of incoming) {
    const existing = byId.get(segment.id);
    if (existing === undefined || replaces(segment, existing)) {
      byId.set(segment.id, segment);
      changed = true;
    }
  }
  if (!changed) return current;
  return [...byId.values()].sort(compareSegments);
}

function replaces(candidate: TranscriptSegment, existing: TranscriptSegment): boolean {
  if (existing.isFinal) return false;
  if (candidate.isFinal) return true;
  // Two partials of one utterance: the later one holds more of it. Ties break on text so the
  // outcome does not depend on arrival order.
  const byTime = compareIso(candidate.at, existing.at);
  return byTime > 0 || (byTime === 0 && candidate.text > existing.text);
}

function compareSegments(a: TranscriptSegment, b: TranscriptSegment): number {
  return compareIso(a.at, b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function compareIso(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}

function minIso(a: string | undefined, b: string): string;
function minIso(a: string | undefined, b: string | undefined): string | undefined;
function minIso(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareIso(b, a) < 0 ? b : a;
}

function maxIso(a: string, b: string): string {
  return compareIso(b, a) > 0 ? b : a;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
