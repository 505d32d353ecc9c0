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
  /** Search over ids, numbers and transcript text. */
  q?: string;
}

/** A call-log page request. */
export interface CallLogQuery extends CallLogFilter {
  sort?: 'newest' | 'oldest' | 'longest' | 'shortest';
  limit?: number;
  cursor?: string;
}

/** A call-log page. */
export interface CallLogPage {
  calls: Call[];
  nextCursor?: string;
  total: number;
}

/** The KPI numbers of `GET /api/calls/stats`. */
export interface CallStatsResult {
  total: number;
  active: number;
  byStatus: Record<CallStatus, number>;
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

/** The analytics of `GET /api/calls/analytics`. */
export interface AnalyticsResult {
  from: string;
  to: string;
  timeZone: string;
  bucket: 'minute' | 'hour' | 'day';
  totals: {
    calls: number;
    answered: number;
    answerRate: number | null;
    meanDurationSec: number | null;
    medianDurationSec: number | null;
    p90DurationSec: number | null;
  };
  volume: Array<{ start: string; calls: number; answered: number; failed: number }>;
  byStatus: Array<{ status: CallStatus; calls: number }>;
  byHangupCause: Array<{ cause: string; calls: number }>;
  byHourOfDay: Array<{ hour: number; calls: number }>;
  byLanguage: Array<{ language: string; calls: number }>;
  daily: Array<{ date: string; calls: number; answered: number; meanDurationSec: number | null }>;
}

/** One stored event of a call, as `GET /api/calls/:id?events=1` returns it. */
export interface StoredCallEvent {
  seq: number;
  callId: string;
  event: import('../model/call-event.js').CallEvent;
}
