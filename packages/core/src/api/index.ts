export { createCallboardApi, type CallboardApi, type CallboardApiOptions } from './create-callboard-api.js';
export { CallboardApiError } from './callboard-api-error.js';
export type {
  AnalyticsRequest,
  AnalyticsResult,
  CallLogFilter,
  CallLogPage,
  CallLogQuery,
  CallStatsResult,
  StoredCallEvent,
} from './api-types.js';
