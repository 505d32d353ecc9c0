import { CallboardError } from '../../errors/callboard-error.js';
import type { CallEvent } from '../../model/call-event.js';
import type { CallEventSink, CallProvider } from '../../provider/call-provider.js';
import { pickWeighted, planSimulatedCall } from './plan-simulated-call.js';
import { hangupSimulatedCall, placeSimulatedCall } from './simulated-actions.js';
import { parseSimulatedWebhook, verifySimulatedWebhook } from './simulated-parse-webhook.js';
import { createSimulatedCallRunner } from './simulated-call-runner.js';
import { simulatedPhoneNumber } from './simulated-phone-number.js';
import { resolveSimulatedOptions, type SimulatedProviderOptions } from './simulated-provider-options.js';

/** Options of {@link SimulatedProvider.startTraffic}. */
export interface SimulatedTrafficOptions {
  /** New calls per minute, on average (arrivals are a Poisson process). 0 stops the traffic. */
  callsPerMinute: number;
  /** The share of new calls that are inbound, from 0 to 1. Default 0.5. */
  inboundShare?: number;
}

/** The simulated provider: calls without a network, pushed to attached sinks. */
export interface SimulatedProvider extends CallProvider {
  readonly id: 'simulated';
  /**
   * Registers a sink for every event after a placed call's `queued` one (which `placeCall`
   * returns), and for every event of generated traffic. Returns the detach function; detaching
   * the last sink stops the traffic and every live call's timers.
   */
  attach(sink: CallEventSink): () => void;
  /** Starts (or retunes) continuous traffic of inbound and outbound calls. */
  startTraffic(options: SimulatedTrafficOptions): void;
  /** Stops generating calls; calls already live run to their end. */
  stopTraffic(): void;
  /** Stops every timer (traffic and live calls) and detaches every sink. The provider cannot be used afterwards. */
  close(): void;
}

/**
 * Creates the simulated provider, which places and receives calls without any network. Each call
 * moves through `queued → initiated → ringing → in-progress → completed` (or ends `busy`,
 * `no-answer`, `failed`, `canceled` at the configured rates) on the injected clock and timers,
 * with ring and talk times drawn from the options, transcript lines in the call's language
 * during the talk (each a partial, then its final), and a cost per started minute at the end.
 * Events have unique keys (`simulated:<providerCallId>:<n>`), `occurredAt` from the clock, and the
 * call id given to `placeCall`.
 *
 * Nothing posts webhooks to it: `verifyWebhook` rejects everything (`BAD_SIGNATURE`) and
 * `parseWebhook` throws `BAD_PAYLOAD`. `hangup` ends a live call: `completed` if it was answered,
 * `canceled` otherwise.
 *
 * @example
 * const clock = createFakeClock();
 * const simulated = createSimulatedProvider({ clock, random: createSeededRandom(1) });
 * const detach = simulated.attach((events) => hub.ingest(events));
 * const placed = await simulated.placeCall({ callId: 'call_1', to: '+15550001111' });
 * await hub.ingest(placed.events);
 * clock.advance(5 * 60_000); // rings, is answered, talks and ends
 * detach();
 */
export function createSimulatedProvider(options: SimulatedProviderOptions = {}): SimulatedProvider {
  const config = resolveSimulatedOptions(options);
  const sinks = new Set<CallEventSink>();
  const runner = createSimulatedCallRunner(config, deliver);
  let traffic: { handle: unknown; callsPerMinute: number; inboundShare: number } | undefined;
  let closed = false;

  function deliver(events: CallEvent[]): Promise<void> {
    const pending: Array<Promise<unknown>> = [];
    for (const sink of [...sinks]) {
      try {
        const result = sink(events);
        if (result) pending.push(Promise.resolve(result).catch(config.onError));
      } catch (error) {
        config.onError(error);
      }
    }
    return Promise.all(pending).then(() => undefined);
  }

  function assertOpen(): void {
    if (closed) throw new CallboardError({ code: 'CONNECTION_CLOSED', message: 'The simulated provider is closed' });
  }

  function ownNumber(): string {
    return config.ownNumbers[Math.floor(config.random() * config.ownNumbers.length)]!;
  }

  function arrive(): void {
    if (!traffic || runner.liveCount() >= config.maxConcurrentCalls) return;
    const language = pickWeighted(config.languages, config.random);
    const inbound = config.random() < traffic.inboundShare;
    const ours = ownNumber();
    const theirs = simulatedPhoneNumber(language, config.random);
    const plan = planSimulatedCall(
      { direction: inbound ? 'inbound' : 'outbound', from: inbound ? theirs : ours, to: inbound ? ours : theirs, language },
      config,
    );
    void deliver(runner.start(plan, undefined));
  }

  function scheduleArrival(): void {
    if (!traffic) return;
    const meanMs = 60_000 / traffic.callsPerMinute;
    const delay = -Math.log(1 - config.random()) * meanMs;
    traffic.handle = config.timers.setTimeout(() => {
      arrive();
      scheduleArrival();
    }, delay);
  }

  function stopTraffic(): void {
    if (traffic) config.timers.clearTimeout(traffic.handle);
    traffic = undefined;
  }

  function stopAll(): void {
    stopTraffic();
    runner.stopAll();
  }

  return {
    specificationVersion: 'v1',
    id: 'simulated',
    verifyWebhook: verifySimulatedWebhook,
    parseWebhook: parseSimulatedWebhook,
    webhookReply: () => ({ status: 200, contentType: 'text/plain', body: '' }),
    async placeCall(placeOptions) {
      assertOpen();
      return placeSimulatedCall(placeOptions, config, runner);
    },
    hangup: ({ providerCallId }) => hangupSimulatedCall(providerCallId, runner, deliver),
    attach(sink) {
      assertOpen();
      sinks.add(sink);
      return () => {
        if (!sinks.delete(sink)) return;
        if (sinks.size === 0) stopAll();
      };
    },
    startTraffic({ callsPerMinute, inboundShare = 0.5 }) {
      assertOpen();
      if (!Number.isFinite(callsPerMinute) || callsPerMinute < 0 || !(inboundShare >= 0 && inboundShare <= 1)) {
        throw new CallboardError({
          code: 'INVALID_ARGUMENT',
          message: 'callsPerMinute must be 0 or more and inboundShare between 0 and 1',
        });
      }
      stopTraffic();
      if (callsPerMinute === 0) return;
      traffic = { handle: undefined, callsPerMinute, inboundShare };
      scheduleArrival();
    },
    stopTraffic,
    close() {
      closed = true;
      stopAll();
      sinks.clear();
    },
  };
}
