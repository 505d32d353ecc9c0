import { EventEmitter } from 'eventemitter3';
import { CallboardError } from '../errors/index.js';
import { systemClock, type Clock } from '../util/clock.js';
import { copyWith } from '../util/copy-with.js';
import type { BackoffOptions } from '../realtime/full-jitter-delay.js';
import { timersOf, type Timers } from '../realtime/timers.js';
import type { CallLoggerError } from './call-logger-error.js';
import { createCallOutbox } from './call-outbox.js';
import { deliverEntry } from './deliver-entry.js';
import {
  callEndRequest,
  callStartRequest,
  liveEventRequest,
  transcriptRequest,
  type CallEndInput,
  type CallStartInput,
  type IngestRequest,
  type TranscriptLine,
} from './ingest-requests.js';
import { createOutboxDispatcher, type LoggerRetry } from './outbox-dispatcher.js';
import type { OutboxStorage } from './outbox-entry.js';

/** Options of {@link createCallLogger}. */
export interface CallLoggerOptions {
  /** Base URL of the Callboard server, for example `https://calls.example.com`. */
  url: string;
  /** A key or token with the `ingest` scope, sent as `Authorization: Bearer <apiKey>`. Omit only for a server in dev mode (no keys). */
  apiKey?: string;
  /** Defaults to the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Time source; when it also has `setTimeout`/`clearTimeout` (a fake clock from `@callboard/core/testing`), retries are scheduled on it too. */
  clock?: Clock & Partial<Timers>;
  /** Where queued requests survive a restart (for example `createFileOutbox` from `@callboard/server`). In memory by default. */
  outbox?: OutboxStorage;
  /** How many requests may be queued before logger calls fail with `OUTBOX_FULL` (default 10 000). */
  maxQueued?: number;
  /** Backoff between retries (default 500 ms to 30 s, full jitter) and an optional cap on attempts per request (default: retry forever). */
  retry?: BackoffOptions & { maxAttempts?: number };
  /** Requests in flight at once, each for a different call (default 4). */
  concurrency?: number;
  /** Per-attempt timeout (default 10 s). */
  requestTimeoutMs?: number;
  /** Called when a request is dropped: the server refused it (4xx), or it ran out of attempts. */
  onError?: (error: CallLoggerError) => void;
  /** Generates idempotency keys (default `crypto.randomUUID`). */
  generateId?: () => string;
}

/** Events of a {@link CallLogger}. */
export interface CallLoggerEvents {
  /** A request was dropped: refused by the server (4xx other than 408/429) or out of attempts. */
  error: [error: CallLoggerError];
  /** A request failed in a way that may pass later; it stays queued. */
  retry: [retry: LoggerRetry];
}

/**
 * Reports a bot's calls to a Callboard server. Every method queues the request and resolves
 * once it is queued (persisted, with an outbox storage); delivery happens in the background, in
 * order per call, retried with backoff until the server takes it. Each request carries an
 * `Idempotency-Key` fixed when it is queued, so a retry is never applied twice.
 */
export interface CallLogger {
  /** `POST /api/calls`. */
  logCallStart(input: CallStartInput): Promise<void>;
  /** `PATCH /api/calls/:callId/transcript`: appends one line (text or object) or several. */
  updateCallTranscript(callId: string, input: string | TranscriptLine | TranscriptLine[]): Promise<void>;
  /** `PATCH /api/calls/:callId` with the outcome. */
  logCallEnd(callId: string, input: CallEndInput): Promise<void>;
  /** `POST /api/calls/:callId/events`: a live, application-defined event. */
  sendLiveEvent(callId: string, name: string, data?: unknown): Promise<void>;
  /** Requests queued or in flight. */
  readonly pending: number;
  /** Resolves when everything queued has been delivered or dropped; rejects with `TIMEOUT` after `timeoutMs` (default 30 s; `Infinity` waits for ever). */
  flush(options?: { timeoutMs?: number }): Promise<void>;
  /** Flushes, then stops. Later logger calls reject with `CONNECTION_CLOSED`; what could not be sent stays in the outbox storage. */
  close(options?: { timeoutMs?: number }): Promise<void>;
  on<E extends keyof CallLoggerEvents>(event: E, listener: (...args: CallLoggerEvents[E]) => void): this;
  off<E extends keyof CallLoggerEvents>(event: E, listener: (...args: CallLoggerEvents[E]) => void): this;
}

/**
 * Creates a call logger for a voice bot.
 *
 * @example
 * const logger = createCallLogger({ url: 'https://calls.example.com', apiKey: process.env.CALLBOARD_KEY! });
 * await logger.logCallStart({ callId: 'c-1', type: 'inbound', caller: '+15550001', receiver: '+15550002', language: 'en' });
 * await logger.updateCallTranscript('c-1', { text: 'Hello, how can I help?', role: 'bot' });
 * await logger.logCallEnd('c-1', { status: 'success', duration: 42 });
 * await logger.close();
 */
export function createCallLogger(options: CallLoggerOptions): CallLogger {
  if (typeof options?.url !== 'string' || !/^https?:\/\//.test(options.url)) {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'url must be an http(s) URL', details: { field: 'url' } });
  }
  if (options.apiKey !== undefined && (typeof options.apiKey !== 'string' || options.apiKey.length === 0)) {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'apiKey must be a non-empty string', details: { field: 'apiKey' } });
  }
  const clock = options.clock ?? systemClock;
  const timers = timersOf(options.clock);
  const generateId = options.generateId ?? (() => crypto.randomUUID());
  const emitter = new EventEmitter<CallLoggerEvents>();
  if (options.onError) emitter.on('error', options.onError);
  const outbox = createCallOutbox({
    ...(options.outbox ? { storage: options.outbox } : {}),
    maxEntries: options.maxQueued ?? 10_000,
  });
  const target = {
    baseUrl: options.url.replace(/\/+$/, ''),
    apiKey: options.apiKey,
    fetch: options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init)),
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    now: () => clock.now(),
  };
  const dispatcher = createOutboxDispatcher({
    outbox,
    deliver: (entry) => deliverEntry(entry, target),
    clock,
    timers,
    backoff: { minDelayMs: 500, maxDelayMs: 30_000, ...options.retry },
    concurrency: options.concurrency ?? 4,
    maxAttempts: options.retry?.maxAttempts ?? Infinity,
    onRetry: (retry) => emitter.emit('retry', retry),
    onRejected: (error) => emitter.emit('error', error),
  });
  // A storage that cannot be read fails every logger call with its error, rather than
  // silently starting from an empty queue and losing what it held.
  const loaded = outbox.load().then(() => dispatcher.pump());
  loaded.catch(() => undefined);
  let closed = false;
  const lastLineAt = new Map<string, number>();

  // Builds the request synchronously (so argument errors throw at the call site and queue order
  // is call order), then queues it once the stored outbox has been read back.
  function enqueue(build: (now: number) => IngestRequest): Promise<void> {
    if (closed) {
      return Promise.reject(new CallboardError({ code: 'CONNECTION_CLOSED', message: 'The call logger is closed' }));
    }
    let entry;
    try {
      const now = clock.now();
      entry = copyWith(build(now), { id: generateId(), enqueuedAt: now });
    } catch (error) {
      return Promise.reject(error);
    }
    return loaded.then(() => outbox.add(entry)).then(() => dispatcher.pump());
  }

  function flush(flushOptions: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = flushOptions.timeoutMs ?? 30_000;
    const idle = loaded.then(() => dispatcher.idle());
    if (timeoutMs === Infinity) return idle;
    return new Promise<void>((resolve, reject) => {
      const handle = timers.setTimeout(() => {
        reject(new CallboardError({
          code: 'TIMEOUT',
          message: `The call logger could not deliver ${outbox.size} queued request(s) within ${timeoutMs} ms`,
          isRetryable: true,
          details: { pending: outbox.size, timeoutMs },
        }));
      }, timeoutMs);
      idle.then(() => {
        timers.clearTimeout(handle);
        resolve();
      }, reject);
    });
  }

  const logger: CallLogger = {
    logCallStart: (input) => enqueue((now) => callStartRequest(input, now)),
    updateCallTranscript: (callId, input) =>
      enqueue((now) => {
        // Transcript times only move forward within a call, one millisecond per line at least.
        const at = Math.max(now, (lastLineAt.get(callId) ?? -Infinity) + 1);
        const request = transcriptRequest(callId, input, at);
        const lines = Array.isArray(input) ? input : [typeof input === 'string' ? { text: input } : input];
        if (lines.some((line) => line?.at === undefined)) lastLineAt.set(callId, at + lines.length - 1);
        return request;
      }),
    logCallEnd: (callId, input) =>
      enqueue((now) => {
        lastLineAt.delete(callId);
        return callEndRequest(callId, input, now);
      }),
    sendLiveEvent: (callId, name, data) => enqueue(() => liveEventRequest(callId, name, data)),
    get pending() {
      return outbox.size;
    },
    flush,
    async close(closeOptions) {
      if (closed) return;
      closed = true;
      try {
        await flush(closeOptions);
      } finally {
        dispatcher.stop();
      }
    },
    on(event, listener) {
      emitter.on(event, listener);
      return logger;
    },
    off(event, listener) {
      emitter.off(event, listener);
      return logger;
    },
  };
  return logger;
}
