import type { Call, CallEvent, CallStatus, Direction } from '../model/index.js';

/** Which calls a feed subscription holds. Every field is optional; all given ones must match. */
export interface CallsFilter {
  status?: CallStatus[];
  direction?: Direction;
  provider?: string[];
  /**
   * Keys of the call's `metadata` and the string each must hold, such as `{ tenant: 'acme' }`:
   * a tenant's or a team's dashboard. Meant for keys fixed when the call starts.
   */
  metadata?: Record<string, string>;
}

/** Whether a call matches every field of the filter. */
export function callMatchesFilter(call: Pick<Call, 'status' | 'direction' | 'provider'> & { metadata?: Call['metadata'] }, filter: CallsFilter): boolean {
  return (
    (filter.status === undefined || filter.status.includes(call.status)) &&
    callMatchesSource(call, filter)
  );
}

/** Whether every key of a metadata filter holds its string in the call's metadata. */
export function metadataMatches(metadata: Call['metadata'] | undefined, wanted: Record<string, string> | undefined): boolean {
  if (wanted === undefined) return true;
  for (const key of Object.keys(wanted)) {
    if (metadata === undefined || !Object.hasOwn(metadata, key) || metadata[key] !== wanted[key]) return false;
  }
  return true;
}

/**
 * Whether an event frame concerns a feed (docs/protocol.md §4): status changes and deletions
 * come whatever the status filter says (so a call can be seen leaving it), every other event
 * only when the call matches the whole filter. A frame without the call is judged by the
 * event's direction and provider alone.
 */
export function eventMatchesFeed(event: CallEvent, call: Call | undefined, filter: CallsFilter): boolean {
  if (event.type === 'call.status' || event.type === 'call.deleted') {
    const subject = call ?? { direction: event.direction, provider: event.provider };
    return callMatchesSource(subject, filter);
  }
  return call !== undefined && callMatchesFilter(call, filter);
}

function callMatchesSource(
  call: { direction?: Direction | undefined; provider: string; metadata?: Call['metadata'] | undefined },
  filter: CallsFilter,
): boolean {
  return (
    (filter.direction === undefined || call.direction === undefined || call.direction === filter.direction) &&
    (filter.provider === undefined || filter.provider.includes(call.provider)) &&
    (call.metadata === undefined || metadataMatches(call.metadata, filter.metadata))
  );
}
