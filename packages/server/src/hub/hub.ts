import {
  CallboardError,
  type Call,
  type CallEvent,
  type CallProvider,
  type Clock,
  systemClock,
} from '@callboard/core';
import type { Bus } from '../bus/bus.js';
import { createLocalBus } from '../bus/local-bus.js';
import { withCallId } from '../store/append/append-batch.js';
import type { AppendOutcome, CallStore, StoredEvent } from '../store/call-store.js';
import { createCallId } from './create-call-id.js';

/** Options of {@link createHub}. */
export interface HubOptions {
  store: CallStore;
  /** Defaults to an in-process bus (one node). */
  bus?: Bus;
  /** Providers by id. The one named `defaultProvider` places calls when a request names none. */
  providers?: Record<string, CallProvider>;
  /** The provider id used by `initiate` when the request names none. */
  defaultProvider?: string;
  clock?: Clock;
  generateCallId?: () => string;
  /** Builds the public status-callback URL for a provider, for adapters that take one per call. */
  statusCallbackUrl?: (providerId: string) => string | undefined;
}

/** What placing a call returns. */
export interface InitiatedCall {
  callId: string;
  call: Call | undefined;
}

/**
 * The hub: every event, from any provider or bot, goes through `ingest`: dedupe by event key,
 * reduce, store (event row with its seq and call row, in one transaction), then publish on the
 * bus so every node's gateways can stream it.
 */
export interface Hub {
  readonly store: CallStore;
  readonly bus: Bus;
  readonly providers: Readonly<Record<string, CallProvider>>;
  /** Stores and publishes events, in order. Duplicates are reported and not published. */
  ingest(events: CallEvent[]): Promise<AppendOutcome[]>;
  /** Places an outbound call through a provider; the call is stored as `queued`. */
  initiate(options: { to: string; from?: string; provider?: string }): Promise<InitiatedCall>;
  /** Hangs up a call through its provider. Throws `NOT_FOUND` for an unknown call. */
  terminate(idOrProviderId: string): Promise<Call>;
  /** Deletes a call and publishes its `call.deleted` event. Throws `NOT_FOUND` for an unknown call. */
  delete(idOrProviderId: string): Promise<StoredEvent>;
  /** Attaches push providers (the simulated one) so their events flow into `ingest`. Returns a detach function. */
  start(): () => void;
  close(): Promise<void>;
}

/**
 * Creates the hub.
 *
 * @example
 * const hub = createHub({ store: createMemoryStore(), providers: { simulated: createSimulatedProvider() } });
 * await hub.ingest(events);
 */
export function createHub(options: HubOptions): Hub {
  const store = options.store;
  const bus = options.bus ?? createLocalBus();
  const providers = options.providers ?? {};
  const clock = options.clock ?? systemClock;
  const generateCallId = options.generateCallId ?? (() => createCallId(clock.now()));
  const detachers: Array<() => void> = [];

  async function ingest(events: CallEvent[]): Promise<AppendOutcome[]> {
    if (events.length === 0) return [];
    const outcomes = await store.append(events);
    for (const outcome of outcomes) {
      if (outcome.status === 'stored') await bus.publish({ stored: outcome.stored, call: outcome.call });
    }
    return outcomes;
  }

  function providerOf(id: string | undefined): CallProvider {
    const providerId = id ?? options.defaultProvider ?? Object.keys(providers)[0];
    const provider = providerId === undefined ? undefined : providers[providerId];
    if (!provider) {
      throw new CallboardError({
        code: 'INVALID_ARGUMENT',
        message: `No provider "${providerId ?? ''}" is configured`,
        details: { provider: providerId, configured: Object.keys(providers) },
      });
    }
    return provider;
  }

  async function findCall(idOrProviderId: string): Promise<Call> {
    const call = await store.getCall(idOrProviderId);
    if (!call) throw new CallboardError({ code: 'NOT_FOUND', message: `No call ${idOrProviderId}` });
    return call;
  }

  return {
    store,
    bus,
    providers,
    ingest,
    async initiate({ to, from, provider: providerId }) {
      const provider = providerOf(providerId);
      const callId = generateCallId();
      const statusCallbackUrl = options.statusCallbackUrl?.(provider.id);
      const placed = await provider.placeCall({
        callId,
        to,
        ...(from === undefined ? {} : { from }),
        ...(statusCallbackUrl === undefined ? {} : { statusCallbackUrl }),
      });
      const outcomes = await ingest(placed.events.map((event) => withCallId(event, callId)));
      const stored = outcomes.find((outcome) => outcome.status === 'stored');
      return { callId, call: stored?.status === 'stored' ? stored.call : await store.getCall(callId) };
    },
    async terminate(idOrProviderId) {
      const call = await findCall(idOrProviderId);
      await providerOf(call.provider).hangup({ providerCallId: call.providerCallId });
      return (await store.getCall(call.id)) ?? call;
    },
    async delete(idOrProviderId) {
      const call = await findCall(idOrProviderId);
      const stored = await store.deleteCall(call.id, new Date(clock.now()));
      if (!stored) throw new CallboardError({ code: 'NOT_FOUND', message: `No call ${idOrProviderId}` });
      await bus.publish({ stored, call: undefined });
      return stored;
    },
    start() {
      for (const provider of Object.values(providers)) {
        if (provider.attach) detachers.push(provider.attach((events) => ingest(events).then(() => undefined)));
      }
      return () => {
        for (const detach of detachers.splice(0)) detach();
      };
    },
    async close() {
      for (const detach of detachers.splice(0)) detach();
      await bus.close();
      await store.close();
    },
  };
}
