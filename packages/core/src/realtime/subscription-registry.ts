import type { CallsFilter } from './calls-filter.js';
import type { EventFrame } from './realtime-frames.js';

/** @internal What a subscription asks the server for. */
export type SubscriptionSpec =
  | { channel: 'calls'; filter: CallsFilter; recent: number | undefined }
  | { channel: 'call'; callId: string };

/** @internal One subscription of the client, shared by every caller that asked for the same thing. */
export interface SubscriptionRecord {
  readonly id: string;
  readonly key: string;
  readonly spec: SubscriptionSpec;
  /** How many handles hold it; it is unsubscribed when the last one lets go. */
  refs: number;
  /** The seq of the last event applied (docs/protocol.md §4 "client rule"); the resume point. */
  position: number | undefined;
  /** Whether the server's reply to the current subscribe has been applied. */
  subscribed: boolean;
  /** For `call`: the Callboard id, once the server named it. */
  callId: string | undefined;
  /** Frames that arrived for this connection before the reply, applied after it if still new. */
  early: EventFrame[];
}

/** @internal */
export interface SubscriptionRegistry {
  /** Adds a holder of `spec`; `created` is true when the server must be asked. */
  acquire(spec: SubscriptionSpec): { record: SubscriptionRecord; created: boolean };
  /** Drops a holder; returns the record when that was the last one. */
  release(id: string): SubscriptionRecord | undefined;
  /** Forgets a subscription the server ended. */
  remove(id: string): void;
  get(id: string): SubscriptionRecord | undefined;
  all(): Iterable<SubscriptionRecord>;
}

/** @internal */
export function createSubscriptionRegistry(): SubscriptionRegistry {
  const byId = new Map<string, SubscriptionRecord>();
  const byKey = new Map<string, SubscriptionRecord>();
  let counter = 0;

  return {
    acquire(spec) {
      const key = specKey(spec);
      const held = byKey.get(key);
      if (held) {
        held.refs++;
        return { record: held, created: false };
      }
      counter++;
      const record: SubscriptionRecord = {
        id: `${spec.channel === 'calls' ? 'feed' : 'call'}-${counter}`,
        key,
        spec,
        refs: 1,
        position: undefined,
        subscribed: false,
        callId: spec.channel === 'call' ? spec.callId : undefined,
        early: [],
      };
      byId.set(record.id, record);
      byKey.set(key, record);
      return { record, created: true };
    },
    release(id) {
      const record = byId.get(id);
      if (!record || --record.refs > 0) return undefined;
      this.remove(id);
      return record;
    },
    remove(id) {
      const record = byId.get(id);
      if (!record) return;
      byId.delete(id);
      byKey.delete(record.key);
    },
    get: (id) => byId.get(id),
    all: () => byId.values(),
  };
}

/** The same filter written in any order names the same subscription. */
function specKey(spec: SubscriptionSpec): string {
  if (spec.channel === 'call') return `call:${spec.callId}`;
  const { status, direction, provider, metadata } = spec.filter;
  const entries = metadata ? Object.entries(metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : null;
  return `calls:${JSON.stringify([status ? [...status].sort() : null, direction ?? null, provider ? [...provider].sort() : null, entries, spec.recent ?? null])}`;
}
