import type { Call } from '../model/call.js';
import type { CallStatus } from '../model/call-status.js';
import type { Direction } from '../model/call.js';

/** Filters of the call log, as the HTTP API takes them. */
export interface CallLogFilter {
  status?: CallStatus[];
  direction?: Direction;
  provider?: string[];
  /** ISO time, inclusive. */
  from?: string;
  /** ISO time, exclusive. */
  to?: string;
  language?: string[];
  minDuration?: number;
  maxDuration?: number;
  /** Search: ids (Callboard, provider, bot) by prefix as written; numbers and transcript text by substring, ignoring case. */
  q?: string;
}

/** A call-log page request. */
export interface CallLogQuery extends CallLogFilter {
  sort?: 'newest' | 'oldest' | 'longest' | 'shortest';
  limit?: number;
  cursor?: string;
}

/** A page of the call log (`GET /api/calls`). */
export interface CallLogPage {
  calls: Call[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
  /** How many calls match the filter in all. */
  total: number;
}

/** The KPI numbers of `GET /api/calls/stats`: the quick numbers behind a dashboard's KPI tiles. */
export interface CallStatsResult {
  total: number;
  active: number;
  byStatus: Record<CallStatus, number>;
  /** answered / (answered + no-answer + busy + canceled + failed); null with no finished calls. */
  answerRate: number | null;
  averageDurationSec: number | null;
}

/** An analytics request. */
export interface AnalyticsRequest {
  from: string;
  to: string;
  /** IANA time zone, default UTC. */
  tz?: string;
  bucket?: 'minute' | 'hour' | 'day';
}

/** Analytics over a time range, computed by the server's store (`GET /api/calls/analytics`). */
export interface AnalyticsResult {
  from: string;
  to: string;
  timeZone: string;
  bucket: 'minute' | 'hour' | 'day';
  /**
   * Calls that start in the range. `answered`: finished calls that were answered (`completed`,
   * or with an `answeredAt`). Durations are those of answered calls; the mean is exact, the
   * median and p90 are nearest-rank values estimated from a duration histogram (exact for whole
   * seconds under 100 s, within 0.5% above).
   */
  totals: {
    calls: number;
    answered: number;
    /** answered / finished calls; null when none finished. */
    answerRate: number | null;
    meanDurationSec: number | null;
    medianDurationSec: number | null;
    p90DurationSec: number | null;
  };
  /** Zero-filled: one entry per bucket in the range, `start` in ISO UTC. `failed`: finished without being answered. */
  volume: Array<{ start: string; calls: number; answered: number; failed: number }>;
  /** Every status, zeros included, in rank order. */
  byStatus: Array<{ status: CallStatus; calls: number }>;
  /** Calls with a hangup cause, most frequent first. */
  byHangupCause: Array<{ cause: string; calls: number }>;
  /** 24 entries, hour 0..23 in the time zone. */
  byHourOfDay: Array<{ hour: number; calls: number }>;
  /** Most frequent first; calls without a language count as `unknown`. */
  byLanguage: Array<{ language: string; calls: number }>;
  /** Zero-filled, one entry per day in the time zone: `date` is `YYYY-MM-DD`. */
  daily: Array<{ date: string; calls: number; answered: number; meanDurationSec: number | null }>;
}

/** One stored event of a call, as `GET /api/calls/:id?events=1` returns it. */
export interface StoredCallEvent {
  seq: number;
  callId: string;
  event: import('../model/call-event.js').CallEvent;
}
