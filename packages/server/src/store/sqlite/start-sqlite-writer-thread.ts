import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CallboardError, type CallEvent } from '@callboard/core';
import { withCallId } from '../append/append-batch.js';
import type { BatchInfo } from '../append/create-batch-writer.js';
import type { AppendOutcome } from '../call-store.js';
import type { SqliteWriterSettings } from './open-sqlite-writer.js';
import type { FromSqliteWriter, SqliteWriterTask, SqliteWriterThreadData, ToSqliteWriter, WireError, WireOutcome } from './sqlite-writer-messages.js';

/** The store's handle on its writer thread. */
export interface SqliteWriterThread {
  /** Resolves once the events are committed (durably, with `synchronous=FULL`). */
  append(events: CallEvent[]): Promise<AppendOutcome[]>;
  /** Runs a task on the writer connection, in order with the appends queued before it. */
  run<T>(task: SqliteWriterTask): Promise<T>;
  /** Lets queued work finish, then stops the thread. */
  close(): Promise<void>;
}

/** Options of {@link startSqliteWriterThread}. */
export interface SqliteWriterThreadOptions {
  /** The store's injected id generator; the writer thread asks this thread for each id. */
  generateCallId?: () => string;
  onBatch?: (info: BatchInfo) => void;
}

interface Waiter {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** An append's events: its outcomes come back without them (see `WireOutcome`). */
  events?: CallEvent[];
}

/**
 * Starts the SQLite store's writer thread. Appends made in one turn of the event loop travel in
 * one message, and the thread group-commits whatever arrived while its previous transaction ran,
 * so this thread only pays for copying events and outcomes, never for SQL or fsync.
 */
export function startSqliteWriterThread(settings: SqliteWriterSettings, options: SqliteWriterThreadOptions = {}): SqliteWriterThread {
  const data: SqliteWriterThreadData = { settings, askForCallIds: options.generateCallId !== undefined };
  const entry = writerEntry();
  const worker = new Worker(entry.code, { eval: entry.eval, workerData: data, ...(entry.execArgv ? { execArgv: entry.execArgv } : {}) });
  worker.unref();
  const waiting = new Map<number, Waiter>();
  let nextTicket = 0;
  let queued: Array<{ ticket: number; events: CallEvent[] }> = [];
  let failure: CallboardError | undefined;
  let closing: Promise<void> | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const post = (message: ToSqliteWriter) => worker.postMessage(message);
  function flush(): void {
    if (queued.length === 0) return;
    post({ type: 'append', appends: queued });
    queued = [];
  }
  function wait<T>(ticket: number, events?: CallEvent[]): Promise<T> {
    // Referenced only while work is outstanding: an idle store never keeps the process alive.
    if (waiting.size === 0) worker.ref();
    return new Promise<T>((resolve, reject) => waiting.set(ticket, { resolve: resolve as (value: unknown) => void, reject, ...(events ? { events } : {}) }));
  }
  function failAll(error: CallboardError): void {
    failure ??= error;
    for (const waiter of waiting.values()) waiter.reject(error);
    waiting.clear();
  }

  worker.on('message', (message: FromSqliteWriter) => {
    if (message.type === 'call-id') {
      post({ type: 'call-id', request: message.request, id: options.generateCallId!() });
      return;
    }
    for (const result of message.results) {
      const waiter = waiting.get(result.ticket);
      waiting.delete(result.ticket);
      if ('error' in result) waiter?.reject(fromWire(result.error));
      else if (waiter?.events) waiter.resolve(fromWireOutcomes(result.value as WireOutcome[], waiter.events));
      else waiter?.resolve(result.value);
    }
    if (waiting.size === 0) worker.unref();
    if (message.batch) options.onBatch?.(message.batch);
  });
  worker.on('error', (cause) => failAll(new CallboardError({ code: 'INTERNAL', message: 'The SQLite writer thread failed', cause })));
  worker.on('exit', () => failAll(new CallboardError({ code: 'INTERNAL', message: 'The SQLite writer thread has stopped' })));

  return {
    append(events) {
      if (events.length === 0) return Promise.resolve([]);
      if (failure || closing) return Promise.reject(failure ?? closedError());
      const ticket = ++nextTicket;
      if (queued.length === 0) setImmediate(flush);
      queued.push({ ticket, events });
      return wait(ticket, events);
    },
    run<T>(task: SqliteWriterTask) {
      if (failure || closing) return Promise.reject(failure ?? closedError());
      const ticket = ++nextTicket;
      flush();
      post({ type: 'task', ticket, task });
      return wait<T>(ticket);
    },
    close() {
      closing ??= (async () => {
        flush();
        worker.ref();
        post({ type: 'close' });
        await exited;
      })();
      return closing;
    },
  };
}

/** An append's outcomes with their stored events put back: each is the event sent, with the call's id. */
function fromWireOutcomes(outcomes: WireOutcome[], events: CallEvent[]): AppendOutcome[] {
  return outcomes.map((outcome, index) =>
    outcome.status === 'stored'
      ? { status: 'stored', stored: { seq: outcome.seq, callId: outcome.callId, event: withCallId(events[index]!, outcome.callId) }, call: outcome.call }
      : outcome,
  );
}

function closedError(): CallboardError {
  return new CallboardError({ code: 'INTERNAL', message: 'The SQLite store is closed' });
}

function fromWire(error: WireError): CallboardError {
  return new CallboardError({ code: error.code, message: error.message, isRetryable: error.isRetryable, ...(error.details ? { details: error.details } : {}) });
}

/**
 * How to start the writer thread. Built, its module sits beside the bundle that imports this
 * file. Run from source (tests, benchmarks), it is TypeScript: the thread registers tsx's
 * require hook first (loader hooks do not reach worker threads on Node 20) and resolves
 * packages with the source condition, as this process does.
 */
function writerEntry(): { code: string; eval: boolean; execArgv?: string[] } {
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return { code: path.join(path.dirname(here), 'sqlite-writer-worker.js'), eval: false };
  const file = path.join(path.dirname(here), 'sqlite-writer-worker.ts');
  const tsx = createRequire(here).resolve('tsx/cjs/api');
  // Process-wide flags (`--cpu-prof`, `--perf-basic-prof`) are refused by threads, and tsx's ESM loader would not load there.
  const inherited: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i]!;
    if (arg === '--import' || arg === '--require' || arg === '--loader') i++;
    else if (!/^--(cpu-prof|perf-|import=|require=|loader=)/.test(arg)) inherited.push(arg);
  }
  return {
    code: `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(file)});`,
    eval: true,
    execArgv: [...inherited, '--conditions=@callboard/source'],
  };
}
