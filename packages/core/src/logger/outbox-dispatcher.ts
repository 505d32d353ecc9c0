import type { Clock } from '../util/clock.js';
import { fullJitterDelay, type BackoffOptions } from '../realtime/full-jitter-delay.js';
import type { Timers } from '../realtime/timers.js';
import type { CallLoggerError } from './call-logger-error.js';
import type { CallOutbox } from './call-outbox.js';
import type { DeliveryOutcome } from './deliver-entry.js';
import type { OutboxEntry } from './outbox-entry.js';

/** A retry the logger scheduled, as its `retry` event reports it. */
export interface LoggerRetry {
  error: CallLoggerError;
  /** How many times this entry has failed so far. */
  attempt: number;
  /** How long the logger waits before trying again, in milliseconds. */
  delayMs: number;
  /** `server`: every call waits (the server is down or rate-limiting); `entry`: only this call waits. */
  scope: 'server' | 'entry';
}

/** @internal */
export interface OutboxDispatcherOptions {
  outbox: CallOutbox;
  deliver(entry: OutboxEntry): Promise<DeliveryOutcome>;
  clock: Clock;
  timers: Timers;
  backoff: BackoffOptions;
  concurrency: number;
  maxAttempts: number;
  onRetry(retry: LoggerRetry): void;
  onRejected(error: CallLoggerError): void;
}

/** @internal Sends queued entries: one in flight per call, at most `concurrency` in all. */
export interface OutboxDispatcher {
  /** Looks for entries that can be sent now. Call after queueing. */
  pump(): void;
  /** Resolves when nothing is queued or in flight, and the outbox is persisted. */
  idle(): Promise<void>;
  /** Cancels the wake-up timer; nothing new is sent. */
  stop(): void;
}

/** @internal */
export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  const { outbox, clock, timers } = options;
  const inFlight = new Set<string>();
  const attempts = new Map<string, number>();
  const notBefore = new Map<string, number>();
  const idleWaiters: Array<() => void> = [];
  let pausedUntil = 0;
  let serverFailures = 0;
  let wake: { at: number; handle: unknown } | undefined;
  let stopped = false;
  // The latest wake-up time reached. A fired timer proves its time has come even when the clock
  // lags behind the timers (a frozen test clock, a clock that is not the timers' own).
  let reached = 0;

  const currentTime = () => Math.max(clock.now(), reached);

  function pump(): void {
    if (stopped) return;
    const now = currentTime();
    if (now < pausedUntil) return armWake(pausedUntil);
    let nextWake = Infinity;
    for (const entry of outbox.heads()) {
      if (inFlight.size >= options.concurrency) break;
      if (inFlight.has(entry.callId)) continue;
      const due = notBefore.get(entry.id) ?? 0;
      if (due > now) nextWake = Math.min(nextWake, due);
      else send(entry);
    }
    if (nextWake !== Infinity) armWake(nextWake);
  }

  function armWake(at: number): void {
    if (wake && wake.at <= at) return;
    if (wake) timers.clearTimeout(wake.handle);
    const handle = timers.setTimeout(() => {
      wake = undefined;
      reached = Math.max(reached, at);
      pump();
    }, Math.max(0, at - currentTime()));
    wake = { at, handle };
  }

  function send(entry: OutboxEntry): void {
    inFlight.add(entry.callId);
    void options.deliver(entry).then((outcome) => {
      inFlight.delete(entry.callId);
      try {
        settle(entry, outcome);
      } finally {
        pump();
        checkIdle();
      }
    });
  }

  function settle(entry: OutboxEntry, outcome: DeliveryOutcome): void {
    if (outcome.kind === 'delivered') {
      serverFailures = 0;
      return finish(entry);
    }
    if (outcome.kind === 'rejected') {
      finish(entry);
      return options.onRejected(outcome.error);
    }
    const attempt = (attempts.get(entry.id) ?? 0) + 1;
    if (attempt >= options.maxAttempts) {
      finish(entry);
      return options.onRejected(outcome.error);
    }
    attempts.set(entry.id, attempt);
    const now = currentTime();
    let delayMs: number;
    if (outcome.scope === 'server') {
      // Several requests in flight fail together when the server goes away; that is one outage,
      // so only the first failure of a pause grows the backoff.
      if (now >= pausedUntil) serverFailures++;
      delayMs = outcome.retryAfterMs ?? fullJitterDelay(serverFailures - 1, options.backoff);
      pausedUntil = Math.max(pausedUntil, now + delayMs);
    } else {
      delayMs = outcome.retryAfterMs ?? fullJitterDelay(attempt - 1, options.backoff);
      notBefore.set(entry.id, now + delayMs);
    }
    options.onRetry({ error: outcome.error, attempt, delayMs, scope: outcome.scope });
  }

  function finish(entry: OutboxEntry): void {
    attempts.delete(entry.id);
    notBefore.delete(entry.id);
    outbox.remove(entry);
  }

  function checkIdle(): void {
    if (outbox.size > 0 || inFlight.size > 0 || idleWaiters.length === 0) return;
    void outbox.settled().then(() => {
      if (outbox.size > 0 || inFlight.size > 0) return;
      for (const resolve of idleWaiters.splice(0)) resolve();
    });
  }

  return {
    pump,
    idle() {
      const waiting = new Promise<void>((resolve) => idleWaiters.push(resolve));
      checkIdle();
      return waiting;
    },
    stop() {
      stopped = true;
      if (wake) timers.clearTimeout(wake.handle);
      wake = undefined;
    },
  };
}
