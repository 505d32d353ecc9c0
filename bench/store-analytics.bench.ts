/**
 * Analytics cost against log size: the 30-day analytics query (daily volume, hour of day,
 * status, cause and language breakdowns, duration mean/median/p90, daily trend) in a DST zone,
 * from a SQLite store holding 1M calls, against the same over 10k calls. The databases are the
 * ones `store-call-log.bench.ts` seeds and caches.
 */
import type { AnalyticsQuery } from '../packages/server/src/store/call-store.js';
import { atMost, type BenchSuite } from './lib/compare.js';
import { SEED_DAYS, SEED_END_MS, interleavedMedians, openSeededStore } from './store-call-log.bench.js';

const suite: BenchSuite = async () => {
  const large = await openSeededStore(1_000_000);
  const small = await openSeededStore(10_000);
  // Local midnights in New York around the seeded month: the range edges fall inside UTC days
  // and 15-minute buckets, as a dashboard's "last 30 days" does.
  const query: AnalyticsQuery = {
    from: new Date(SEED_END_MS - SEED_DAYS * 86_400_000).toISOString(),
    to: new Date(SEED_END_MS).toISOString(),
    timeZone: 'America/New_York',
    bucket: 'day',
  };
  const [subject, baseline] = await interleavedMedians(() => large.analytics(query), () => small.analytics(query), 7, 9);
  const result = await large.analytics(query);
  await large.close();
  await small.close();
  return [
    atMost(
      {
        suite: 'store',
        metric: 'ms per 30-day analytics query (America/New_York, day buckets)',
        subject: 'SQLite, 1M calls',
        baseline: 'SQLite, 10k calls',
        subjectValue: subject,
        baselineValue: baseline,
        note: `${result.totals.calls.toLocaleString('en-US')} calls in range; median ${result.totals.medianDurationSec} s, p90 ${result.totals.p90DurationSec} s; medians of 7 interleaved rounds of 9`,
      },
      3,
    ),
  ];
};

export default suite;
