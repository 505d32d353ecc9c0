/**
 * The SQLite writer on its own, a diagnostic behind the ingest bench: that bench's stored rate
 * follows the writer thread's cost per webhook (see docs/benchmarks.md, "Ingest"), but on a busy
 * two-core host its end-to-end figures move too much to judge a change to the writer. Here the
 * store's writer code (`openSqliteWriter`: dedupe, reduce, the event row, the call row and its
 * indexes, the search index, the rollups, one commit per batch with `synchronous=FULL`) runs
 * in this process, on one thread, against the least a durable event log can do: the same events'
 * JSON appended to a one-table log in WAL mode with `synchronous=FULL`, committed in the same
 * batches. Each round appends ROUND_CALLS new calls (signed-and-parsed Twilio `completed`
 * callbacks, random-looking CallSids) in batches of BATCH, the size of the ingest bench's group
 * commits, to databases that already hold WARM_CALLS calls; rounds alternate between the two and
 * the figures are the median CPU µs (user + system, whole process) per call.
 *
 * After the rounds it reads the writer's log (the frames since its last checkpoint) and reports
 * how many pages each table and index wrote per commit, which is where a cheaper layout has to
 * start (random keys write one leaf per call).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CallEvent } from '../packages/core/src/index.js';
import { parseTwilioWebhook } from '../packages/core/src/providers/twilio/index.js';
import { createCallId } from '../packages/server/src/hub/create-call-id.js';
import { openSqliteWriter } from '../packages/server/src/store/sqlite/open-sqlite-writer.js';
import { BetterSqlite3 } from './lib/better-sqlite3.js';
import { alternateRounds, diagnostic, median, type BenchSuite } from './lib/compare.js';
import { benchStatusCallback } from './lib/twilio-status-callbacks.js';

const BATCH = 21;
const WARM_CALLS = 30_000;
const ROUND_CALLS = 6_300;
const ROUNDS = 5;
const CACHE_MB = 16;

let callSeq = 0;

/** Events for `count` new calls, each a Twilio `completed` callback parsed by the adapter. */
function newCallEvents(count: number): CallEvent[] {
  const events: CallEvent[] = [];
  for (let i = 0; i < count; i++) {
    const n = callSeq++;
    const { params } = benchStatusCallback(n, 3);
    const request = { method: 'POST', url: 'https://calls.example.com/webhooks/twilio', headers: new Headers(), rawBody: params.toString() };
    events.push(...parseTwilioWebhook(request, { receivedAt: new Date(Date.UTC(2026, 0, 1) + n * 1000 + 500) }));
  }
  return events;
}

interface Appender {
  append(batch: CallEvent[]): Promise<void>;
  close(): Promise<void>;
}

async function openCallboardWriter(file: string): Promise<Appender> {
  const writer = openSqliteWriter({ path: file, synchronous: 'FULL', busyTimeoutMs: 5000, cacheSizeMb: CACHE_MB }, () => createCallId());
  await writer.migrate();
  return {
    async append(batch) {
      const results = await Promise.all(batch.map((event) => writer.batches.append([event])));
      if (results.some(([outcome]) => outcome?.status !== 'stored')) throw new Error('an event of the writer bench was not stored');
    },
    close: () => writer.close(),
  };
}

function openBareLog(file: string): Appender {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`cache_size = -${CACHE_MB * 1024}`);
  db.exec('CREATE TABLE log (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO log (body) VALUES (?)');
  return {
    async append(batch) {
      db.exec('BEGIN IMMEDIATE');
      for (const event of batch) insert.run(JSON.stringify(event));
      db.exec('COMMIT');
    },
    async close() {
      db.close();
    },
  };
}

/** Appends `events` in batches of BATCH; returns CPU µs per event. */
async function appendAll(appender: Appender, events: CallEvent[]): Promise<number> {
  const before = process.cpuUsage();
  for (let start = 0; start < events.length; start += BATCH) await appender.append(events.slice(start, start + BATCH));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / events.length;
}

/**
 * Pages written per commit by each table and index, from the frames of `file`'s log since its
 * last restart (frames whose salts match the log header's), named through SQLite's `dbstat`.
 */
function pagesPerCommit(file: string): { commits: number; total: number; byName: Array<[string, number]> } {
  const log = readFileSync(`${file}-wal`);
  const pageSize = log.readUInt32BE(8);
  const salt = [log.readUInt32BE(16), log.readUInt32BE(20)];
  const frames = new Map<number, number>();
  let commits = 0;
  let total = 0;
  for (let offset = 32; offset + 24 + pageSize <= log.length; offset += 24 + pageSize) {
    if (log.readUInt32BE(offset + 8) !== salt[0] || log.readUInt32BE(offset + 12) !== salt[1]) break;
    const page = log.readUInt32BE(offset);
    frames.set(page, (frames.get(page) ?? 0) + 1);
    total++;
    if (log.readUInt32BE(offset + 4) !== 0) commits++;
  }
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const owner = new Map((db.prepare('SELECT name, pageno FROM dbstat').all() as Array<{ name: string; pageno: number }>).map((row) => [row.pageno, row.name]));
    const byName = new Map<string, number>();
    for (const [page, count] of frames) {
      const name = owner.get(page) ?? '(free)';
      byName.set(name, (byName.get(name) ?? 0) + count);
    }
    return { commits, total, byName: [...byName].sort((a, b) => b[1] - a[1]).map(([name, count]) => [name, count / Math.max(1, commits)]) };
  } finally {
    db.close();
  }
}

const suite: BenchSuite = async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'callboard-writer-bench-'));
  const writerFile = path.join(dir, 'writer.db');
  const writer = await openCallboardWriter(writerFile);
  const log = openBareLog(path.join(dir, 'log.db'));
  try {
    const warm = newCallEvents(WARM_CALLS);
    await appendAll(writer, warm);
    await appendAll(log, warm);
    const { subject, baseline } = await alternateRounds(ROUNDS, () => {
      // The same calls for both, generated before either is timed.
      const events = newCallEvents(ROUND_CALLS);
      return { subject: () => appendAll(writer, events), baseline: () => appendAll(log, events) };
    });
    const pages = pagesPerCommit(writerFile);
    const pagesNote = `${(pages.total / Math.max(1, pages.commits)).toFixed(1)} pages written per commit of ${BATCH} calls (${pages.commits} commits read): ${pages.byName
      .slice(0, 10)
      .map(([name, perCommit]) => `${name} ${perCommit.toFixed(1)}`)
      .join(', ')}`;
    console.log(`  writer: ${subject.map((value) => value.toFixed(0)).join(' / ')} µs per call; bare log: ${baseline.map((value) => value.toFixed(0)).join(' / ')}`);
    console.log(`  ${pagesNote}`);
    const subjectValue = median(subject);
    const baselineValue = median(baseline);
    return [
      diagnostic({
        suite: 'sqlite-writer',
        metric: 'CPU µs per new call, in-process, batches of 21, synchronous=FULL',
        subject: 'the SQLite store writer (openSqliteWriter)',
        baseline: 'a one-table durable log of the same events',
        subjectValue,
        baselineValue,
        note: `${ROUNDS} alternating rounds of ${ROUND_CALLS} calls after ${WARM_CALLS}; ${pagesNote}`,
      }),
    ];
  } finally {
    await writer.close();
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

export default suite;
