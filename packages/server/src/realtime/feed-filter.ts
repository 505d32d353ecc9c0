import { metadataMatches, type Call, type CallEvent } from '@callboard/core';
import { byMetadataKey } from '../store/calls/normalize-call-filter.js';
import type { FeedFilter } from './client-frame.js';

/**
 * Whether a call belongs in a feed with this filter: every given field must match.
 *
 * @example
 * callMatchesFilter({ status: ['ringing'] }, call); // true while the call rings
 */
export function callMatchesFilter(filter: FeedFilter, call: Call): boolean {
  if (filter.status && !filter.status.includes(call.status)) return false;
  if (filter.direction && call.direction !== filter.direction) return false;
  if (filter.provider && !filter.provider.includes(call.provider)) return false;
  return metadataMatches(call.metadata, filter.metadata);
}

/**
 * Whether a feed subscription receives an event (docs/protocol.md §4, `event`): status changes
 * and deletions of calls that match the direction, provider and metadata always come, so a
 * client sees a call leave a status filter; any other event comes when the call after it
 * matches the whole filter.
 */
export function eventMatchesFeed(filter: FeedFilter, event: CallEvent, call: Call | undefined): boolean {
  if (event.type === 'call.deleted') {
    if (filter.provider && !filter.provider.includes(event.provider)) return false;
    if (!call) return true;
    return (!filter.direction || call.direction === filter.direction) && metadataMatches(call.metadata, filter.metadata);
  }
  if (!call) return false;
  if (event.type === 'call.status') {
    if (filter.direction && call.direction !== filter.direction) return false;
    if (filter.provider && !filter.provider.includes(call.provider)) return false;
    return metadataMatches(call.metadata, filter.metadata);
  }
  return callMatchesFilter(filter, call);
}

/** @internal A canonical key, so subscriptions with the same filter are matched once per event. */
export function feedFilterKey(filter: FeedFilter | undefined): string {
  if (!filter) return '*';
  const status = filter.status ? [...new Set(filter.status)].sort().join(',') : '';
  const provider = filter.provider ? [...new Set(filter.provider)].sort().join(',') : '';
  const metadata = filter.metadata ? JSON.stringify(Object.entries(filter.metadata).sort(byMetadataKey)) : '';
  return `s=${status};d=${filter.direction ?? ''};p=${provider};m=${metadata}`;
}
