import type { Call, CallEvent, CallStatus, Direction } from '../model/index.js';

/** Which calls a feed subscription holds. Every field is optional; all given ones must match. */
export interface CallsFilter {
  status?: CallStatus[];
  direction?: Direction;
  provider?: string[];
}

/** Whether a call matches every field of the filter. */
export function callMatchesFilter(call: Pick<Call, 'status' | 'direction' | 'provider'>, filter: CallsFilter): boolean {
  return (
    (filter.status === undefined || filter.status.includes(call.status)) &&
    callMatchesSource(call, filter)
  );
}

/**
 * Whether an event frame concerns a feed (docs/protocol.md §4): status changes and deletions
 * come whatever the status filter says (so a call can be seen leaving it), every other event
 * only when the call matches the whole filter.
 */
export function eventMatchesFeed(event: CallEvent, call: Call | undefined, filter: CallsFilter): boolean {
  if (event.type === 'call.status' || event.type === 'call.deleted') {
    const subject = call ?? { direction: event.direction, provider: event.provider };
    return callMatchesSource(subject, filter);
  }
  return call !== undefined && callMatchesFilter(call, filter);
}

function callMatchesSource(call: { direction?: Direction | undefined; provider: string }, filter: CallsFilter): boolean {
  return (
    (filter.direction === undefined || call.direction === undefined || call.direction === filter.direction) &&
    (filter.provider === undefined || filter.provider.includes(call.provider))
  );
}
