import type { CallStatus } from '@callboard/core';
import type { CallFacts } from './call-facts.js';
import type { StatusCount } from './assemble-stats.js';

/** Groups calls' facts into per-status counts for {@link assembleStats}. */
export function factsToStatusCounts(facts: Iterable<CallFacts>): StatusCount[] {
  const counts = new Map<CallStatus, StatusCount>();
  for (const fact of facts) {
    let count = counts.get(fact.status);
    if (!count) {
      count = { status: fact.status, calls: 0, answered: 0, durationSum: 0, durationCount: 0 };
      counts.set(fact.status, count);
    }
    count.calls++;
    if (fact.answered) count.answered++;
    if (fact.answeredDurationSec !== undefined) {
      count.durationSum += fact.answeredDurationSec;
      count.durationCount++;
    }
  }
  return [...counts.values()];
}
