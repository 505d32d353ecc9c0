/**
 * Webhook ingest throughput over real HTTP on loopback: a signed Twilio status callback,
 * verified (X-Twilio-Signature against the public URL), parsed, and durably stored in SQLite
 * (WAL, synchronous=FULL, group commit) by `callboard`'s handler through its node binding, against
 * a bare Express 5 route behind `express.json()` that only answers 200.
 *
 * Each server runs in its own child process (`ingest/ingest-server.ts`, bundled the way a release
 * is built and run with plain `node`, as the fan-out benchmark's servers are: through tsx, every
 * closure Callboard makes per request got a `name` defined on it, which V8 answers by turning the
 * function into a dictionary-mode object; Express's code never went through tsx), so the servers
 * and the load generator do not share an event loop. One in-process load generator
 * drives them all: a keep-alive `node:http` Agent with CONCURRENCY requests in flight, each a
 * realistic status callback for a new call (unique, random-looking CallSid), bodies signed before
 * the clock starts. Callboard's Twilio adapter checks signatures with `nodeHmacSha1`, as `callboard start`
 * does. Rounds rotate through the servers; the figures are median requests/s.
 *
 * A second row sends whole call lifecycles instead (realtime.md's W7: four status callbacks per
 * call, 5 % provider retries, 5 % of calls out of order) to a server with its own database, which
 * is read after the rounds: one event per distinct callback, one call per CallSid, and every call
 * whose `completed` callback was answered completed, or the bench fails.
 *
 * A third, diagnostic row runs the same callboard path with a store that acknowledges without
 * writing: it shows what the HTTP layer, the binding and the adapter cost on their own, apart
 * from the durable append.
 *
 * Each round also reads the CPU time of every server's main thread, of its other threads (the
 * SQLite writer, libuv's pool for Web Crypto, V8's helpers) and of the load generator, per
 * request, and the webhooks per group commit. `INGEST_CPU_PROF=<dir>` writes `--cpu-prof` profiles of
 * each server process (its main thread and the module loader thread).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signTwilioRequest } from '../packages/core/src/testing/twilio.js';
import type { ServerReading } from './ingest/ingest-server.js';
import { INGEST_AUTH_TOKEN as AUTH_TOKEN, INGEST_PUBLIC_URL as PUBLIC_URL } from './ingest/ingest-settings.js';
import { BetterSqlite3 } from './lib/better-sqlite3.js';
import { bundleServers } from './lib/bundle-servers.js';
import { atLeast, median, type BenchSuite } from './lib/compare.js';
import { LIFECYCLE, benchStatusCallback } from './lib/twilio-status-callbacks.js';

const CONCURRENCY = 48;
const ROUNDS = 5;
const ROUND_MS = 2_000;

function readServerCpu(child: ChildProcess): Promise<ServerReading> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message as ServerReading));
    child.send('cpu');
  });
}

function startServer(bundle: URL, role: string, dir: string): Promise<{ child: ChildProcess; port: number }> {
  const profile = process.env.INGEST_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.INGEST_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, fileURLToPath(bundle)], {
    env: { ...process.env, CALLBOARD_BENCH_ROLE: role, CALLBOARD_BENCH_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /port=(\d+)/.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`${role} server exited (${code}) before listening`)));
  });
}

let callSeq = 0;

/** One prepared webhook: its body and signature, the call it is about, and what it is. */
interface Callback {
  body: string;
  signature: string;
  callSid: string;
  status: (typeof LIFECYCLE)[number];
  /** A provider retry of a callback sent earlier (same body and signature). */
  duplicate: boolean;
}

async function signedCallback(n: number, sequenceNumber: number): Promise<Callback> {
  const { callSid, status, params } = benchStatusCallback(n, sequenceNumber);
  const signature = await signTwilioRequest({ url: `${PUBLIC_URL}/webhooks/twilio`, params, authToken: AUTH_TOKEN });
  return { body: params.toString(), signature, callSid, status, duplicate: false };
}

/** Signed, realistic `completed` status callbacks for new calls (unique CallSids). */
async function signedCallbacks(count: number): Promise<Callback[]> {
  const out: Callback[] = [];
  for (let i = 0; i < count; i++) out.push(await signedCallback(callSeq++, 3));
  return out;
}

/**
 * realtime.md's W7 mix: each call's four status callbacks (initiated, ringing, in-progress,
 * completed); 5 % of calls have two neighbouring callbacks swapped (out of order), and 5 % of
 * callbacks are sent again a few positions later (a provider retry, same body and signature).
 */
async function lifecycleCallbacks(count: number): Promise<Callback[]> {
  const out: Callback[] = [];
  while (out.length < count) {
    const n = callSeq++;
    const call = await Promise.all(LIFECYCLE.map((_, sequence) => signedCallback(n, sequence)));
    if (n % 20 === 7) [call[1], call[2]] = [call[2]!, call[1]!];
    out.push(...call);
    if (n % 5 === 3) out.splice(Math.max(0, out.length - 2), 0, { ...call[n % 4]!, duplicate: true });
  }
  return out;
}

/** Sends the callbacks to a server with CONCURRENCY in flight for `durationMs`; returns requests/s and how many were answered. */
async function drive(
  port: number,
  agent: Agent,
  callbacks: Callback[],
  durationMs: number,
  answered?: (callback: Callback) => void,
): Promise<{ perSec: number; done: number }> {
  let next = 0;
  let done = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const one = (callback: Callback) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/webhooks/twilio',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(callback.body),
            'x-twilio-signature': callback.signature,
            'user-agent': 'TwilioProxy/1.1',
          },
        },
        (res) => {
          res.resume();
          res.once('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`answered ${res.statusCode}`))));
        },
      );
      req.once('error', reject);
      req.end(callback.body);
    });
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const callback = callbacks[next++];
        if (callback === undefined) throw new Error('ran out of prepared callbacks; raise the batch size');
        await one(callback);
        answered?.(callback);
        done++;
      }
    }),
  );
  return { perSec: (done * 1000) / (performance.now() - started), done };
}

/** What the lifecycle server answered 200 to, to check the stored log against. */
interface Answered {
  /** Distinct callbacks (a retry counts once). */
  bodies: Set<string>;
  calls: Set<string>;
  /** Calls whose `completed` callback was answered. */
  completed: Set<string>;
  retries: number;
}

/**
 * Reads the lifecycle server's database (WAL: readable while it runs) and checks realtime.md's
 * G11 under load: one stored event per distinct callback (every retry suppressed), one call per
 * CallSid, and every call whose `completed` callback was answered completed, whatever order its
 * callbacks arrived in. Throws when any of that does not hold.
 */
function checkLifecycleLog(file: string, answered: Answered): string {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const events = Number((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
    const status = new Map((db.prepare('SELECT provider_call_id AS sid, status FROM calls').all() as Array<{ sid: string; status: string }>).map((row) => [row.sid, row.status]));
    const notCompleted = [...answered.completed].filter((sid) => status.get(sid) !== 'completed');
    const problems = [
      events !== answered.bodies.size && `${events} events stored for ${answered.bodies.size} distinct callbacks`,
      status.size !== answered.calls.size && `${status.size} calls stored for ${answered.calls.size} CallSids`,
      notCompleted.length > 0 && `${notCompleted.length} calls not completed after their completed callback (${notCompleted.slice(0, 3).join(', ')})`,
    ].filter(Boolean);
    if (problems.length > 0) throw new Error(`the lifecycle run's log is wrong: ${problems.join('; ')}`);
    return `checked after the run: ${events} events for ${answered.bodies.size} distinct callbacks (${answered.retries} retries suppressed), ${status.size} calls, all ${answered.completed.size} with an answered completed callback completed`;
  } finally {
    db.close();
  }
}

const suite: BenchSuite = async () => {
  const script = new URL('./ingest/ingest-server.ts', import.meta.url);
  const bundle = bundleServers([script], { cache: 'ingest', sqliteWriter: true }).get(script.href)!;
  const dir = mkdtempSync(path.join(tmpdir(), 'callboard-ingest-bench-'));
  const roles = ['callboard', 'callboard-lifecycle', 'callboard-nostore', 'express'] as const;
  const servers = await Promise.all(roles.map((role) => startServer(bundle, role, dir)));
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const answered: Answered = { bodies: new Set(), calls: new Set(), completed: new Set(), retries: 0 };
  const onAnswered = (callback: Callback) => {
    if (answered.bodies.has(callback.body)) answered.retries++;
    answered.bodies.add(callback.body);
    answered.calls.add(callback.callSid);
    if (callback.status === 'completed') answered.completed.add(callback.callSid);
  };
  const isLifecycle = (index: number) => roles[index] === 'callboard-lifecycle';
  try {
    const perRound = 40_000;
    const callbacksFor = (index: number) => (isLifecycle(index) ? lifecycleCallbacks(perRound) : signedCallbacks(perRound));
    // Warm every server up (JIT, SQLite page cache, connections).
    for (const [index, server] of servers.entries()) {
      await drive(server.port, agent, await callbacksFor(index), 1_000, isLifecycle(index) ? onAnswered : undefined);
    }
    const results = roles.map(() => [] as number[]);
    // CPU µs per request of each server's main thread, its other threads, and the load generator.
    const cpu = roles.map(() => ({ main: [] as number[], others: [] as number[], loadgen: [] as number[], perCommit: [] as number[] }));
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order so no server always runs first or last in a round.
      for (let k = 0; k < roles.length; k++) {
        const index = (round + k) % roles.length;
        const server = servers[index]!;
        const callbacks = await callbacksFor(index);
        const serverBefore = await readServerCpu(server.child);
        const loadgenBefore = process.cpuUsage();
        const { perSec, done } = await drive(server.port, agent, callbacks, ROUND_MS, isLifecycle(index) ? onAnswered : undefined);
        const loadgen = process.cpuUsage(loadgenBefore);
        const serverAfter = await readServerCpu(server.child);
        results[index]!.push(perSec);
        cpu[index]!.main.push(((serverAfter.main - serverBefore.main) * 1000) / done);
        cpu[index]!.others.push(((serverAfter.others - serverBefore.others) * 1000) / done);
        cpu[index]!.loadgen.push((loadgen.user + loadgen.system) / done);
        const batches = serverAfter.batches - serverBefore.batches;
        if (batches > 0) cpu[index]!.perCommit.push((serverAfter.appends - serverBefore.appends) / batches);
      }
    }
    const lifecycleCheck = checkLifecycleLog(path.join(dir, 'callboard-lifecycle.db'), answered);
    console.log(`  lifecycle: ${lifecycleCheck}`);
    const [stored, lifecycle, nostore, express] = results.map(median) as [number, number, number, number];
    const cpuNote = (index: number) => {
      const c = cpu[index]!;
      const commitsNote = c.perCommit.length > 0 ? `, ${median(c.perCommit).toFixed(1)} webhooks per group commit` : '';
      return `${roles[index]}: ${median(c.main).toFixed(0)} µs main thread + ${median(c.others).toFixed(0)} µs other threads per request, load generator ${median(c.loadgen).toFixed(0)} µs${commitsNote}`;
    };
    for (let index = 0; index < roles.length; index++) console.log(`  CPU per request (median of rounds), ${cpuNote(index)}`);
    const method = `${CONCURRENCY} keep-alive connections; median of ${ROUNDS} rotated ${ROUND_MS} ms rounds; servers in child processes; CPU per request: ${roles.map((_, index) => cpuNote(index)).join('; ')}`;
    const note = `signed Twilio completed callbacks, one new call each; ${method}`;
    const baseline = 'Express 5 + express.json(), answers 200';
    return [
      atLeast(
        { suite: 'ingest', metric: 'webhook requests/s', subject: 'callboard node binding: verify + parse + SQLite FULL store', baseline, subjectValue: stored, baselineValue: express, note },
        1.0,
      ),
      atLeast(
        {
          suite: 'ingest',
          metric: 'webhook requests/s, call lifecycles (realtime.md W7)',
          subject: 'the same, four callbacks per call, 5 % retries, 5 % of calls out of order',
          baseline,
          subjectValue: lifecycle,
          baselineValue: express,
          note: `initiated, ringing, in-progress and completed callbacks per call; ${lifecycleCheck}; ${method}`,
        },
        1.0,
      ),
      atLeast(
        {
          suite: 'ingest',
          metric: 'webhook requests/s (diagnostic)',
          subject: 'callboard node binding: verify + parse, store acknowledging without writing',
          baseline,
          subjectValue: nostore,
          baselineValue: express,
          note: `${note}; the HTTP layer and adapter alone`,
        },
        1.0,
      ),
    ];
  } finally {
    agent.destroy();
    for (const server of servers) server.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
};

export default suite;
