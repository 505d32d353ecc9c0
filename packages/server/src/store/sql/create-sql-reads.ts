import type { Call, CallEvent } from '@callboard/core';
import { assembleAnalytics } from '../analytics/assemble-analytics.js';
import { normalizeAnalyticsQuery } from '../analytics/normalize-analytics-query.js';
import type { CallStore, StoredEvent } from '../call-store.js';
import { assembleStats } from '../calls/assemble-stats.js';
import { EXPORT_BATCH_SIZE, exportInPages } from '../calls/export-in-pages.js';
import { normalizeCallFilter, normalizeCallQuery } from '../calls/normalize-call-filter.js';
import { readAnalytics } from './read-analytics.js';
import { readCallPage } from './read-call-page.js';
import { readStatusCounts } from './read-status-counts.js';
import type { SqlDialect, SqlExecutor, SqlRow } from './sql-executor.js';

/** The read methods every SQL store shares. */
export type SqlReads = Pick<CallStore, 'getCall' | 'listCalls' | 'activeCalls' | 'stats' | 'analytics' | 'exportCalls' | 'eventsAfter' | 'callEvents'>;

/** Builds the read half of a SQL store over a connection that sees committed data only. */
export function createSqlReads(exec: SqlExecutor, dialect: SqlDialect): SqlReads {
  const toCall = (row: SqlRow) => JSON.parse(String(row.body)) as Call;
  const toStored = (row: SqlRow): StoredEvent => ({ seq: Number(row.seq), callId: String(row.call_id), event: JSON.parse(String(row.body)) as CallEvent });
  return {
    async getCall(idOrProviderId) {
      const [byId] = await exec.all('SELECT body FROM calls WHERE id = ?', [idOrProviderId]);
      if (byId) return toCall(byId);
      const [byProvider] = await exec.all('SELECT body FROM calls WHERE provider_call_id = ? ORDER BY version DESC LIMIT 1', [idOrProviderId]);
      return byProvider && toCall(byProvider);
    },
    async listCalls(query) {
      return readCallPage(exec, dialect, normalizeCallQuery(query));
    },
    async activeCalls() {
      return (await exec.all('SELECT body FROM calls WHERE active = 1 ORDER BY start_ms DESC, id DESC')).map(toCall);
    },
    async stats(filter) {
      return assembleStats(await readStatusCounts(exec, dialect, normalizeCallFilter(filter)));
    },
    async analytics(query) {
      const normalized = normalizeAnalyticsQuery(query);
      return assembleAnalytics(normalized, await readAnalytics(exec, dialect, normalized));
    },
    exportCalls(filter) {
      return exportInPages((cursor) => readCallPage(exec, dialect, normalizeCallQuery({ ...filter, limit: EXPORT_BATCH_SIZE, ...(cursor ? { cursor } : {}) }), false));
    },
    async eventsAfter(afterSeq, { limit = 1000, callId } = {}) {
      const rows =
        callId === undefined
          ? await exec.all('SELECT seq, call_id, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?', [afterSeq, limit])
          : await exec.all('SELECT seq, call_id, body FROM events WHERE call_id = ? AND seq > ? ORDER BY seq LIMIT ?', [callId, afterSeq, limit]);
      return rows.map(toStored);
    },
    async callEvents(callId) {
      return (await exec.all('SELECT seq, call_id, body FROM events WHERE call_id = ? ORDER BY seq', [callId])).map(toStored);
    },
  };
}
