/**
 * Call-log page cost against log size: one page (50 rows, status = completed, newest first,
 * with the total) from a SQLite store holding 1M calls, against the same page over 10k calls.
 * Both databases are seeded through the store's bulk import with the same generator (calls
 * spread over 30 days with a daily rhythm and mixed statuses, providers, languages, durations)
 * and cached under `bench/.cache`, keyed by schema and generator version, so reruns skip seeding.
 *
 * Also exports the seeded stores for `store-analytics.bench.ts`.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Call, CallStatus, Direction, HangupCause } from '../packages/core/src/index.js';
import { createSeededRandom } from '../packages/core/src/providers/simulated/create-seeded-random.js';
import { createSqliteStore, type SqliteCallStore } from '../packages/server/src/store/sqlite/create-sqlite-store.js';
import { SQLITE_SCHEMA_VERSION } from '../packages/server/src/store/sqlite/sqlite-migrations.js';
import { alternateRounds, atMost, median, medianMs, type BenchSuite } from './lib/compare.js';

/** Bump when the generated data changes, so cached databases are rebuilt. */
const GENERATOR_VERSION = 2;
/** The seeded calls start in the 30 days before this instant. */
export const SEED_END_MS = Date.UTC(2026, 0, 31, 5);
export const SEED_DAYS = 30;
const DAY_MS = 86_400_000;

const cacheDir = fileURLToPath(new URL('./.cache/', import.meta.url));

function pick<T>(rand: () => number, weighted: Array<[T, number]>): T {
  let r = rand() * weighted.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of weighted) if ((r -= weight) < 0) return value;
  return weighted[weighted.length - 1]![0];
}

// Calls per hour of the day: quiet nights, busy late mornings and afternoons.
const HOURS: Array<[number, number]> = [0, 0, 0, 0, 0, 1, 2, 4, 7, 9, 10, 10, 8, 9, 10, 9, 8, 6, 5, 4, 3, 2, 1, 1].map((weight, hour) => [hour, weight + 0.3]);
const STATUSES: Array<[CallStatus, number]> = [['completed', 62], ['no-answer', 15], ['busy', 8], ['failed', 6], ['canceled', 5], ['in-progress', 1]];
const CAUSES: Partial<Record<CallStatus, Array<[HangupCause, number]>>> = {
  completed: [['normal', 1]],
  'no-answer': [['no_answer', 1]],
  busy: [['busy', 1]],
  failed: [['unreachable', 3], ['network_error', 2], ['invalid_number', 1]],
  canceled: [['canceled', 1]],
};
const PROVIDERS: Array<[string, number]> = [['twilio', 50], ['telnyx', 30], ['africastalking', 10], ['bot', 10]];
const LANGUAGES: Array<[string | undefined, number]> = [['en', 60], ['es', 15], ['fr', 10], ['sw', 8], ['de', 5], [undefined, 2]];
const LINES = ['Hello, thanks for calling.', 'I would like to check my order status.', 'Can I get a refund for the last delivery?', 'Please hold while I look that up.', 'Your appointment is confirmed for Tuesday.', 'Goodbye and have a nice day.'];

/** Start times for `count` calls over the 30 days before {@link SEED_END_MS}, in time order, following the daily rhythm. */
function* startTimes(count: number, rand: () => number): Generator<number> {
  const firstDay = SEED_END_MS - SEED_DAYS * DAY_MS;
  const weights = HOURS.map(([, weight]) => weight);
  const perHourUnit = count / (SEED_DAYS * weights.reduce((sum, weight) => sum + weight, 0));
  let made = 0;
  for (let day = 0; day < SEED_DAYS; day++) {
    for (let hour = 0; hour < 24; hour++) {
      const last = day === SEED_DAYS - 1 && hour === 23;
      const n = last ? count - made : Math.min(count - made, Math.round(perHourUnit * weights[hour]! * (0.8 + rand() * 0.4)));
      const offsets = Array.from({ length: n }, () => Math.floor(rand() * 3_600_000)).sort((a, b) => a - b);
      for (const offset of offsets) yield firstDay + day * DAY_MS + hour * 3_600_000 + offset;
      made += n;
    }
  }
}

/**
 * `count` realistic calls spread over the 30 days before {@link SEED_END_MS}, generated lazily
 * and in time order (as a live system writes them).
 */
export function* generateCalls(count: number, seed = 1): Generator<Call> {
  // The simulated provider's PRNG: the same seed gives the same data on every run.
  const rand = createSeededRandom(seed);
  let i = 0;
  for (const start of startTimes(count, rand)) {
    // Only calls of the last half hour can still be in progress, as on a live system.
    const drawn = pick(rand, STATUSES);
    const status: CallStatus = drawn === 'in-progress' && start < SEED_END_MS - 1_800_000 ? 'completed' : drawn;
    const answered = status === 'completed' || status === 'in-progress';
    const durationSec = status === 'completed' ? Math.max(1, Math.round(Math.exp(4.5 + rand() * 1.6 - 0.8) * (0.5 + rand()))) : undefined;
    const ring = 3 + Math.floor(rand() * 25);
    const language = pick(rand, LANGUAGES);
    const iso = (ms: number) => new Date(ms).toISOString();
    const end = start + (ring + (durationSec ?? 0)) * 1000;
    const causes = CAUSES[status];
    const call: Call = {
      id: `call_${i.toString(36).padStart(8, '0')}`,
      provider: pick(rand, PROVIDERS),
      providerCallId: `CA${i.toString(16).padStart(32, '0')}`,
      direction: (rand() < 0.55 ? 'outbound' : 'inbound') as Direction,
      from: `+1${Math.floor(2_000_000_000 + rand() * 7_999_999_999)}`,
      to: `+44${Math.floor(1_000_000_000 + rand() * 8_999_999_999)}`,
      status,
      createdAt: iso(start - 1000),
      startedAt: iso(start),
      updatedAt: iso(end),
      transcript: [],
      metadata: {},
      version: i + 1,
      ...(answered ? { answeredAt: iso(start + ring * 1000) } : {}),
      ...(status !== 'in-progress' ? { endedAt: iso(end) } : {}),
      ...(durationSec !== undefined ? { durationSec } : {}),
      ...(language ? { language } : {}),
      ...(causes ? { hangupCause: pick(rand, causes) } : {}),
    };
    if (status === 'completed' && rand() < 0.2) {
      call.transcript = [0, 1].map((n) => ({ id: `s${n}`, role: n === 0 ? ('bot' as const) : ('caller' as const), text: LINES[Math.floor(rand() * LINES.length)]!, at: iso(start + (ring + n * 5) * 1000), isFinal: true }));
    }
    yield call;
    i++;
  }
}

/**
 * A SQLite store holding `count` generated calls, seeded once and cached: the database is built
 * under a temporary name and renamed when complete, so an interrupted seed is never reused.
 */
export async function openSeededStore(count: number): Promise<SqliteCallStore> {
  mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `calls-${count}-schema${SQLITE_SCHEMA_VERSION}-gen${GENERATOR_VERSION}.db`);
  if (!existsSync(file)) {
    const building = `${file}.building`;
    for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
    const started = performance.now();
    const seeding = createSqliteStore({ path: building, synchronous: 'NORMAL' });
    await seeding.init();
    await seeding.importCalls(generateCalls(count));
    await seeding.close();
    renameSync(building, file);
    console.log(`  seeded ${count.toLocaleString('en-US')} calls in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const store = createSqliteStore({ path: file });
  await store.init();
  return store;
}

/** Median of per-round medians, the two tasks interleaved round by round. */
export async function interleavedMedians(subject: () => Promise<unknown>, baseline: () => Promise<unknown>, rounds = 7, samples = 25): Promise<[number, number]> {
  await medianMs(subject, 10);
  await medianMs(baseline, 10);
  const times = await alternateRounds(rounds, () => ({ subject: () => medianMs(subject, samples), baseline: () => medianMs(baseline, samples) }));
  return [median(times.subject), median(times.baseline)];
}

const suite: BenchSuite = async () => {
  const large = await openSeededStore(1_000_000);
  const small = await openSeededStore(10_000);
  const query = { status: ['completed' as const], sort: 'newest' as const, limit: 50 };
  const [subject, baseline] = await interleavedMedians(() => large.listCalls(query), () => small.listCalls(query));
  const page = await large.listCalls(query);
  await large.close();
  await small.close();
  return [
    atMost(
      {
        suite: 'store',
        metric: 'ms per call-log page (50 rows, status=completed, newest, with total)',
        subject: 'SQLite, 1M calls',
        baseline: 'SQLite, 10k calls',
        subjectValue: subject,
        baselineValue: baseline,
        note: `total ${page.total.toLocaleString('en-US')} of 1M; medians of 7 interleaved rounds of 25`,
      },
      1.5,
    ),
  ];
};

export default suite;
