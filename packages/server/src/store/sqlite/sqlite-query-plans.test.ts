import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeAnalyticsQuery } from '../analytics/normalize-analytics-query.js';
import type { AnalyticsQuery, CallFilter, CallListQuery } from '../call-store.js';
import { normalizeCallFilter, normalizeCallQuery } from '../calls/normalize-call-filter.js';
import { DATASET } from '../contract/contract-dataset.js';
import { callEvents } from '../contract/contract-events.js';
import { readAnalytics } from '../sql/read-analytics.js';
import { readCallPage } from '../sql/read-call-page.js';
import { readStatusCounts } from '../sql/read-status-counts.js';
import type { SqlExecutor } from '../sql/sql-executor.js';
import { createSqliteExecutor } from './create-sqlite-executor.js';
import { createSqliteStore } from './create-sqlite-store.js';
import { sqliteDialect } from './sqlite-dialect.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'callboard-plans-'));
const file = path.join(dir, 'plans.db');
let db: Database.Database;

beforeAll(async () => {
  const store = createSqliteStore({ path: file });
  await store.init();
  for (const spec of DATASET) await store.append(callEvents(spec));
  await store.close();
  db = new Database(file, { readonly: true });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `read` and returns the query plan of every SELECT it issued, one string per statement. */
async function plansOf(read: (exec: SqlExecutor) => Promise<unknown>): Promise<string[]> {
  const inner = createSqliteExecutor(db);
  const plans: string[] = [];
  await read({
    all(sql, params = []) {
      const steps = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
      plans.push(steps.map((step) => step.detail).join(' | '));
      return inner.all(sql, params);
    },
    run: inner.run,
  });
  return plans;
}

const fullScan = /\bSCAN calls(?! USING)/;

describe('sqlite query plans', () => {
  it.each<[string, CallListQuery]>([
    ['the default page', {}],
    ['one status', { status: ['completed'] }],
    ['several statuses', { status: ['completed', 'busy', 'failed'] }],
    ['a direction and a provider', { direction: 'inbound', provider: ['twilio'] }],
    ['a time range', { from: '2026-01-05T09:15:00Z', to: '2026-01-07T10:00:00Z' }],
    ['a search', { q: 'refund' }],
    ['a duration bound', { minDurationSec: 30, sort: 'longest' }],
    ['a cursor', { cursor: 'WyJuZXdlc3QiLDE3Njc3ODcyMDAwMDAsImNhbGxfMDAwNSJd' }],
  ])('reads a call-log page with %s by index, never sorting the whole table', async (_, query) => {
    const plans = await plansOf((exec) => readCallPage(exec, sqliteDialect, normalizeCallQuery(query)));
    for (const plan of plans) expect(plan).not.toMatch(fullScan);
    expect(plans[0]).not.toContain('TEMP B-TREE FOR ORDER BY calls');
  });

  it.each<[string, CallFilter]>([
    ['no filter', {}],
    ['rollup filters with a range', { status: ['completed'], language: ['en'], from: '2026-01-05T09:15:00Z', to: '2026-01-07T10:30:00Z' }],
    ['a search', { q: 'refund' }],
    ['a duration bound', { maxDurationSec: 30 }],
  ])('counts totals for %s without scanning calls', async (_, filter) => {
    const plans = await plansOf((exec) => readStatusCounts(exec, sqliteDialect, normalizeCallFilter(filter)));
    for (const plan of plans) expect(plan).not.toMatch(fullScan);
  });

  it.each<[string, AnalyticsQuery]>([
    ['30 days', { from: '2025-12-10T00:00:00Z', to: '2026-01-09T00:00:00Z', timeZone: 'America/New_York' }],
    ['a provider filter with unaligned edges', { from: '2026-01-05T09:07:00Z', to: '2026-01-07T10:02:00Z', provider: ['twilio'] }],
    ['minute buckets', { from: '2026-01-07T10:00:00Z', to: '2026-01-07T11:00:00Z' }],
  ])('reads analytics over %s from rollups and the start index', async (_, query) => {
    const plans = await plansOf((exec) => readAnalytics(exec, sqliteDialect, normalizeAnalyticsQuery(query)));
    for (const plan of plans) expect(plan).not.toMatch(fullScan);
    for (const plan of plans.filter((p) => p.includes('call_series') || p.includes('call_details'))) expect(plan).toMatch(/SEARCH call_(series|details) USING PRIMARY KEY/);
  });
});
