/**
 * Child process of the durability test: appends events through the SQLite store forever, eight
 * appends in flight, and prints `ack <key>` after each append resolves (stdout to a pipe is
 * synchronous on Linux, so a printed ack has left the process).
 */
import type { CallEvent } from '@callboard/core';
import { createSqliteStore } from '../create-sqlite-store.js';

const store = createSqliteStore({ path: process.argv[2]! });
await store.init();
let next = 0;

async function worker(): Promise<never> {
  for (;;) {
    const i = next++;
    const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
    const event: CallEvent = { v: 1, type: 'call.status', key: `k${i}`, provider: 'twilio', providerCallId: `CA${i % 40}`, occurredAt: at, receivedAt: at, status: i % 7 === 6 ? 'completed' : 'ringing' };
    await store.append([event]);
    process.stdout.write(`ack k${i}\n`);
  }
}

process.stdout.write('ready\n');
await Promise.all(Array.from({ length: 8 }, worker));
