import type pg from 'pg';
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
import { createPgExecutor } from './create-pg-executor.js';
import { createPostgresStore } from './create-postgres-store.js';
import { postgresDialect } from './postgres-dialect.js';
import { quoteIdentifier } from './postgres-migrations.js';
import { connectTestDatabase, uniqueSchemaName } from './postgres-test-database.js';

let pool: pg.Pool;
let client: pg.PoolClient;
const schema = uniqueSchemaName('plans');

beforeAll(async () => {
  pool = await connectTestDatabase(2);
  const store = createPostgresStore({ pool, schema });
  await store.init();
  for (const spec of DATASET) await store.append(callEvents(spec));
  await store.close();
  // Plans only mean something at size: add 60k plain call rows (about a month at 2k a day; a
  // third with a transcript) and let the planner see them.
  const s = quoteIdentifier(schema);
  await pool.query(`
    INSERT INTO ${s}.calls
    SELECT 'call_bulk_' || i, (ARRAY['twilio','telnyx','bot'])[1 + i % 3], 'CB' || i, (ARRAY['inbound','outbound'])[1 + i % 2],
      (ARRAY['completed','completed','completed','busy','no-answer','failed'])[1 + i % 6], (ARRAY['en','fr','es',''])[1 + i % 4], 'normal',
      '+1555' || lpad((i * 7919 % 10000000)::text, 7, '0'), '+44207' || lpad(i::text, 7, '0'),
      1764547200000 + i::bigint * 43200, CASE WHEN i % 6 < 3 THEN (i % 600) + 1 ELSE -1 END, CASE WHEN i % 6 < 3 THEN (i % 600) + 1 END,
      0, CASE WHEN i % 6 < 3 THEN 1 ELSE 0 END, 1, i, '{}',
      'call_bulk_' || i || chr(10) || 'cb' || i || CASE WHEN i % 3 = 0 THEN chr(10) || 'please check order ' || i || ' and the delivery window' ELSE '' END
    FROM generate_series(1, 60000) AS i`);
  await pool.query(`ANALYZE ${s}.calls`);
  client = await pool.connect();
});
afterAll(async () => {
  client.release();
  await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  await pool.end();
});

async function plansOf(read: (exec: SqlExecutor) => Promise<unknown>): Promise<string[]> {
  const inner = createPgExecutor(client, schema);
  const plans: string[] = [];
  await read({
    async all(sql, params = []) {
      plans.push((await inner.all(`EXPLAIN ${sql}`, params)).map((row) => String(row['QUERY PLAN'])).join('\n'));
      return inner.all(sql, params);
    },
    run: inner.run,
  });
  return plans;
}

const seqScanOnCalls = /Seq Scan on calls\b/;

describe('postgres query plans', () => {
  it.each<[string, CallListQuery]>([
    ['the default page', {}],
    ['several statuses', { status: ['completed', 'busy', 'failed'] }],
    ['a time range', { from: '2026-01-05T09:15:00Z', to: '2026-01-07T10:00:00Z' }],
    ['a transcript search', { q: 'refund' }],
    ['a number search', { q: '+1555000' }],
    ['a duration bound', { minDurationSec: 590, sort: 'longest' }],
  ])('reads a call-log page with %s by index', async (_, query) => {
    const plans = await plansOf((exec) => readCallPage(exec, postgresDialect, normalizeCallQuery(query)));
    for (const plan of plans) expect(plan).not.toMatch(seqScanOnCalls);
  });

  it('answers a transcript search from the trigram index', async () => {
    const plans = await plansOf((exec) => readStatusCounts(exec, postgresDialect, normalizeCallFilter({ q: 'refund' })));
    expect(plans.join('\n')).toMatch(/Bitmap Index Scan on calls_search/);
  });

  it.each<[string, CallFilter]>([
    ['no filter', {}],
    ['rollup filters with a range', { status: ['completed'], language: ['en'], from: '2026-01-05T09:15:00Z', to: '2026-01-07T10:30:00Z' }],
    ['a duration bound', { maxDurationSec: 10 }],
  ])('counts totals for %s without scanning calls', async (_, filter) => {
    const plans = await plansOf((exec) => readStatusCounts(exec, postgresDialect, normalizeCallFilter(filter)));
    for (const plan of plans) expect(plan).not.toMatch(seqScanOnCalls);
  });

  it.each<[string, AnalyticsQuery]>([
    ['30 days', { from: '2025-12-10T00:00:00Z', to: '2026-01-09T00:00:00Z', timeZone: 'America/New_York' }],
    ['a provider filter with unaligned edges', { from: '2026-01-05T09:07:00Z', to: '2026-01-07T10:02:00Z', provider: ['twilio'] }],
    ['minute buckets', { from: '2026-01-07T10:00:00Z', to: '2026-01-07T11:00:00Z' }],
  ])('reads analytics over %s without scanning calls', async (_, query) => {
    const plans = await plansOf((exec) => readAnalytics(exec, postgresDialect, normalizeAnalyticsQuery(query)));
    for (const plan of plans) expect(plan).not.toMatch(seqScanOnCalls);
  });
});
