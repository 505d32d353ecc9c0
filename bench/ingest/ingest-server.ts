/**
 * One server of the ingest benchmark, in its own process, chosen by `CALLBOARD_BENCH_ROLE`:
 * `callboard` (verify + parse + durable SQLite store), `callboard-lifecycle` (the same, its own
 * database), `callboard-nostore` (a store that acknowledges without writing) or `express` (a bare
 * Express route). The benchmark runs it bundled (see `bundleServers`), the way a release is built;
 * it prints `port=<n>` once it listens and answers `cpu` messages with its CPU readings.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import express from 'express';
import { createTwilio } from '../../packages/core/src/providers/twilio/index.js';
import { createAuth } from '../../packages/server/src/auth/index.js';
import { createNodeListener } from '../../packages/server/src/bindings/node.js';
import { createCallboardHandler } from '../../packages/server/src/http/create-callboard-handler.js';
import { createHub } from '../../packages/server/src/hub/hub.js';
import { nodeHmacSha1 } from '../../packages/server/src/providers/node-hmac-sha1.js';
import { createSqliteStore } from '../../packages/server/src/store/index.js';
import { BENCH_ACCOUNT_SID } from '../lib/twilio-status-callbacks.js';
import { INGEST_AUTH_TOKEN, INGEST_PUBLIC_URL } from './ingest-settings.js';

/** What the server answers to a `cpu` message. */
export interface ServerReading {
  /** CPU ms so far of the main thread. */
  main: number;
  /** CPU ms so far of all other threads (the SQLite writer, libuv's pool, V8's helpers). */
  others: number;
  /** Group commits so far, and the appends they held. */
  batches: number;
  appends: number;
}

const commits = { batches: 0, appends: 0 };

/** CPU time so far of this process in ms: its main thread and all its other threads together (Linux), or the whole process elsewhere. */
function threadCpu(): { main: number; others: number } {
  try {
    const tick = 10; // USER_HZ is 100 on Linux
    let main = 0;
    let others = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * tick;
      if (Number(tid) === process.pid) main += ms;
      else others += ms;
    }
    return { main, others };
  } catch {
    const usage = process.cpuUsage();
    return { main: (usage.user + usage.system) / 1000, others: 0 };
  }
}

async function callboardListener(role: string): Promise<Parameters<typeof createServer>[1]> {
  const sqlite = createSqliteStore({
    path: path.join(process.env.CALLBOARD_BENCH_DIR!, `${role}.db`),
    synchronous: 'FULL',
    onBatch: (info) => {
      commits.batches++;
      commits.appends += info.appends;
    },
  });
  await sqlite.init();
  // Diagnostic only: acknowledges every event as stored without writing anything.
  const store =
    role !== 'callboard-nostore'
      ? sqlite
      : {
          ...sqlite,
          append: async (events: Parameters<typeof sqlite.append>[0]) =>
            events.map((event, seq) => ({ status: 'stored' as const, stored: { seq, callId: 'none', event }, call: undefined })),
        };
  const hub = createHub({ store, providers: { twilio: createTwilio({ accountSid: BENCH_ACCOUNT_SID, authToken: INGEST_AUTH_TOKEN, hmacSha1: nodeHmacSha1 }) } });
  const handler = createCallboardHandler({
    hub,
    auth: createAuth({ apiKeys: ['bench-api-key-0123456789'] }),
    publicUrl: INGEST_PUBLIC_URL,
    // The limiter stays in the path, with a ceiling the benchmark never reaches.
    rateLimit: { webhooks: { ratePerSec: 1e9, burst: 1e9 } },
  });
  return createNodeListener(handler);
}

function expressListener(): Parameters<typeof createServer>[1] {
  const app = express();
  app.use(express.json());
  app.post('/webhooks/twilio', (_req, res) => {
    res.sendStatus(200);
  });
  return app;
}

const role = process.env.CALLBOARD_BENCH_ROLE;
if (!role) throw new Error('CALLBOARD_BENCH_ROLE is not set');
const server = createServer(role === 'express' ? expressListener() : await callboardListener(role));
process.on('message', (message) => {
  if (message === 'cpu') process.send!({ ...threadCpu(), ...commits } satisfies ServerReading);
});
// Exit normally on SIGTERM, so a `--cpu-prof` run writes its profile.
process.once('SIGTERM', () => process.exit(0));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`port=${typeof address === 'object' && address ? address.port : 0}\n`);
});
