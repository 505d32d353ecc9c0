import { describe, expect, it } from 'vitest';
import { reduceCall, type Call } from '../model/index.js';
import { statusEvent, transcriptEvent } from './__tests__/call-events.js';
import { callMatchesFilter, eventMatchesFeed, metadataMatches } from './calls-filter.js';

function callWith(metadata: Record<string, unknown>): Call {
  const event = { ...statusEvent('c1', 'ringing'), metadata };
  return reduceCall(undefined, event);
}

describe('calls filter', () => {
  it('matches metadata keys to exact strings, top level only', () => {
    expect(metadataMatches({ tenant: 'acme', team: 'north' }, { tenant: 'acme' })).toBe(true);
    expect(metadataMatches({ tenant: 'acme' }, { tenant: 'acme', team: 'north' })).toBe(false);
    expect(metadataMatches({ tenant: 7 }, { tenant: '7' })).toBe(false);
    expect(metadataMatches({ nested: { tenant: 'acme' } }, { tenant: 'acme' })).toBe(false);
    expect(metadataMatches({}, { toString: 'x' })).toBe(false);
    expect(metadataMatches({ tenant: 'zen' }, undefined)).toBe(true);
  });

  it("takes a tenant's events and leaves another tenant's, judging a deletion by its provider", () => {
    const acme = callWith({ tenant: 'acme' });
    const zen = callWith({ tenant: 'zen' });
    const filter = { metadata: { tenant: 'acme' } };
    expect(callMatchesFilter(acme, filter)).toBe(true);
    expect(callMatchesFilter(zen, filter)).toBe(false);
    expect(eventMatchesFeed(statusEvent('c1', 'completed'), acme, filter)).toBe(true);
    expect(eventMatchesFeed(statusEvent('c1', 'completed'), zen, filter)).toBe(false);
    expect(eventMatchesFeed(transcriptEvent('c1', 'hi'), zen, filter)).toBe(false);
    const deleted = { v: 1, type: 'call.deleted', key: 'd', provider: 'bot', providerCallId: 'c1', callId: 'c1', occurredAt: acme.createdAt, receivedAt: acme.createdAt } as const;
    expect(eventMatchesFeed(deleted, undefined, filter)).toBe(true);
  });
});
