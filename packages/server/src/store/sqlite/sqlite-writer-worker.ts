/**
 * The SQLite store's writer thread: owns the writer connection, group-commits the appends the
 * store's thread posts, and answers each with its outcomes once its transaction has committed
 * (fsync included). Nothing here runs on the thread serving requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CallboardError } from '@callboard/core';
import { createCallId } from '../../hub/create-call-id.js';
import type { BatchInfo } from '../append/create-batch-writer.js';
import { openSqliteWriter } from './open-sqlite-writer.js';
import type { AppendOutcome } from '../call-store.js';
import type { FromSqliteWriter, SettledTicket, SqliteWriterTask, SqliteWriterThreadData, ToSqliteWriter, WireError, WireOutcome } from './sqlite-writer-messages.js';

const port = parentPort;
if (!port) throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'sqlite-writer-worker runs as a worker thread only' });
const { settings, askForCallIds } = workerData as SqliteWriterThreadData;
const send = (message: FromSqliteWriter) => port.postMessage(message);

const idRequests = new Map<number, (id: string) => void>();
let nextIdRequest = 0;
const generateCallId = askForCallIds
  ? () =>
      new Promise<string>((resolve) => {
        const request = ++nextIdRequest;
        idRequests.set(request, resolve);
        send({ type: 'call-id', request });
      })
  : () => createCallId();

// Results settle synchronously, a whole batch at once; one microtask later they leave as one message.
let settled: SettledTicket[] = [];
let lastBatch: BatchInfo | undefined;
function settle(entry: SettledTicket): void {
  if (settled.length === 0) queueMicrotask(flush);
  settled.push(entry);
}
function flush(): void {
  send(lastBatch ? { type: 'settled', results: settled, batch: lastBatch } : { type: 'settled', results: settled });
  settled = [];
  lastBatch = undefined;
}

const writer = openSqliteWriter(settings, generateCallId, (info) => (lastBatch = info));

function toWire(error: unknown): WireError {
  if (CallboardError.isInstance(error)) return { code: error.code, message: error.message, isRetryable: error.isRetryable, ...(error.details ? { details: error.details } : {}) };
  const sqliteCode = (error as { code?: unknown }).code;
  return {
    code: 'INTERNAL',
    message: `The SQLite writer failed: ${error instanceof Error ? error.message : String(error)}`,
    isRetryable: sqliteCode === 'SQLITE_BUSY',
    ...(typeof sqliteCode === 'string' ? { details: { sqliteCode } } : {}),
  };
}

/**
 * The outcomes as they cross, in an array filled by `push`: optimized code makes the array of a
 * `map` with holey elements, which structured clone writes, and the store's thread reads, as a
 * sparse array (index by index, through the slow path).
 */
function toWireOutcomes(outcomes: AppendOutcome[]): WireOutcome[] {
  const wire: WireOutcome[] = [];
  for (const outcome of outcomes) {
    wire.push(outcome.status === 'stored' ? { status: 'stored', seq: outcome.stored.seq, callId: outcome.stored.callId, call: outcome.call } : outcome);
  }
  return wire;
}

function runTask(task: SqliteWriterTask): Promise<unknown> {
  if (task.kind === 'migrate') return writer.migrate();
  if (task.kind === 'prune') return writer.prune(task.cutoffMs, task.limit);
  if (task.kind === 'prune-calls') return writer.pruneCalls(task.cutoffMs, task.limit);
  if (task.kind === 'compact-search') return writer.compactSearch();
  return writer.importCalls(task.calls);
}

port.on('message', (message: ToSqliteWriter) => {
  switch (message.type) {
    case 'append':
      for (const { ticket, events } of message.appends) {
        writer.batches.submit(events, (result) => settle('error' in result ? { ticket, error: toWire(result.error) } : { ticket, value: toWireOutcomes(result.outcomes) }));
      }
      break;
    case 'task':
      runTask(message.task).then(
        (value) => settle({ ticket: message.ticket, value }),
        (error: unknown) => settle({ ticket: message.ticket, error: toWire(error) }),
      );
      break;
    case 'call-id':
      idRequests.get(message.request)?.(message.id);
      idRequests.delete(message.request);
      break;
    case 'close':
      void writer.close().then(() => port.close());
      break;
  }
});
