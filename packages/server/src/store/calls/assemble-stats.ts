import { CALL_STATUSES, isTerminalStatus, type CallStatus } from '@callboard/core';
import type { CallStats } from '../call-store.js';

/** Counts of calls in one status, as the stores aggregate them. */
export interface StatusCount {
  status: CallStatus;
  calls: number;
  answered: number;
  durationSum: number;
  durationCount: number;
}

/**
 * Builds {@link CallStats} from per-status counts: answer rate is answered / finished calls,
 * average duration is the mean over answered calls with a known duration.
 */
export function assembleStats(counts: Iterable<StatusCount>): CallStats {
  const byStatus = Object.fromEntries(CALL_STATUSES.map((status) => [status, 0])) as Record<CallStatus, number>;
  let total = 0;
  let active = 0;
  let finished = 0;
  let answered = 0;
  let durationSum = 0;
  let durationCount = 0;
  for (const count of counts) {
    byStatus[count.status] += count.calls;
    total += count.calls;
    if (isTerminalStatus(count.status)) finished += count.calls;
    else active += count.calls;
    answered += count.answered;
    durationSum += count.durationSum;
    durationCount += count.durationCount;
  }
  return {
    total,
    active,
    byStatus,
    answerRate: finished > 0 ? answered / finished : null,
    averageDurationSec: durationCount > 0 ? durationSum / durationCount : null,
  };
}
