import type { CallStore } from '../store/call-store.js';
import type { Auth } from '../auth/index.js';
import type { Clock } from '@callboard/core';
import type { Timers } from './timers.js';

/** Where the realtime engine reports what it cannot hand to anyone (pino's `(details, message)` order). */
export interface RealtimeLogger {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/** @internal The resolved knobs every connection reads. */
export interface RealtimeSettings {
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  authTimeoutMs: number;
  maxBufferedBytes: number;
  maxSubscriptions: number;
  recentFinished: number;
  replayPageSize: number;
}

/** @internal What a connection needs from the engine that owns it. */
export interface SessionContext {
  readonly auth: Auth;
  readonly store: CallStore;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly settings: RealtimeSettings;
  readonly logger: RealtimeLogger;
  /** Resolves once the engine knows the store's position; subscriptions wait for it. */
  readonly ready: Promise<void>;
}

/** @internal */
export const consoleLogger: RealtimeLogger = {
  warn: (details, message) => console.warn(`[callboard realtime] ${message}`, details),
  error: (details, message) => console.error(`[callboard realtime] ${message}`, details),
};
