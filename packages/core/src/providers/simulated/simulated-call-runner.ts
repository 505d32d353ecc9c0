import { CALL_EVENT_VERSION, type CallEvent, type CallStatusEvent } from '../../model/call-event.js';
import type { HangupSource } from '../../model/hangup.js';
import {
  simulatedCost,
  type SimulatedCallPlan,
  type SimulatedStatusStep,
  type SimulatedStep,
  type SimulatedTranscriptStep,
} from './plan-simulated-call.js';
import type { SimulatedConfig } from './simulated-provider-options.js';

/** Runs planned calls on the config's clock and timers (not exported from the package). */
export interface SimulatedCallRunner {
  /**
   * Starts a planned call: returns the events of its first step (`queued` or `ringing`), which
   * the caller returns or delivers, and schedules the rest, delivering each as it falls due.
   */
  start(plan: SimulatedCallPlan, callId: string | undefined): CallEvent[];
  /** Ends a live call now and returns its closing events; or says it had ended, or never existed. */
  hangup(providerCallId: string): CallEvent[] | 'already-ended' | 'unknown';
  /** How many calls are live. */
  liveCount(): number;
  /** Cancels every live call's timer and forgets the calls. */
  stopAll(): void;
}

interface LiveCall {
  id: string;
  callId: string | undefined;
  plan: SimulatedCallPlan;
  startMs: number;
  next: number;
  seq: number;
  handle: unknown;
  answeredAtMs: number | undefined;
  /** Turns whose partial line went out and whose final did not yet, by turn: the final step. */
  openTurns: Map<number, SimulatedTranscriptStep>;
}

const ENDED_MEMORY = 10_000;

/** Creates the runner of a simulated provider. */
export function createSimulatedCallRunner(
  config: SimulatedConfig,
  deliver: (events: CallEvent[]) => Promise<void>,
): SimulatedCallRunner {
  const { clock, timers } = config;
  const live = new Map<string, LiveCall>();
  // Recently ended calls, oldest first, so a late hangup of one is a no-op and not a 404.
  const ended = new Set<string>();
  let counter = 0;

  function newId(): string {
    const random = Math.floor(config.random() * 0x1_0000_0000);
    counter = (counter + 1) % 0x1_0000;
    return `SIM${hex(clock.now(), 12)}${hex(counter, 4)}${hex(random, 8)}${hex(Math.floor(config.random() * 0x1_0000_0000), 8)}`;
  }

  // Events are built by adding to this literal, never by spreading it into one: see `copyWith`.
  function base(call: LiveCall) {
    const at = new Date(clock.now()).toISOString();
    const fields: Pick<CallStatusEvent, 'v' | 'key' | 'provider' | 'providerCallId' | 'callId' | 'occurredAt' | 'receivedAt' | 'direction' | 'from' | 'to'> = {
      v: CALL_EVENT_VERSION,
      key: `simulated:${call.id}:${call.seq++}`,
      provider: 'simulated',
      providerCallId: call.id,
      occurredAt: at,
      receivedAt: at,
      direction: call.plan.direction,
      from: call.plan.from,
      to: call.plan.to,
    };
    if (call.callId !== undefined) fields.callId = call.callId;
    return fields;
  }

  function statusEvent(call: LiveCall, step: Omit<SimulatedStatusStep, 'type' | 'atMs'>): CallStatusEvent {
    return Object.assign(base(call), { type: 'call.status' as const }, step);
  }

  function transcriptEvent(call: LiveCall, step: SimulatedTranscriptStep): CallEvent {
    const segment = {
      id: `${call.id}:${step.turn}`,
      role: step.role,
      text: step.text,
      at: new Date(call.startMs + step.spokenAtMs).toISOString(),
      isFinal: step.isFinal,
    };
    return Object.assign(base(call), { type: 'call.transcript' as const, segments: [segment] });
  }

  function toEvent(call: LiveCall, step: SimulatedStep): CallEvent {
    if (step.type === 'transcript') {
      if (step.isFinal) call.openTurns.delete(step.turn);
      else call.openTurns.set(step.turn, finalOf(call.plan, step));
      return transcriptEvent(call, step);
    }
    if (step.status === 'in-progress') call.answeredAtMs = clock.now();
    const { type: _type, atMs: _atMs, ...details } = step;
    return statusEvent(call, details);
  }

  function runDue(call: LiveCall): CallEvent[] {
    const events: CallEvent[] = [];
    const elapsed = clock.now() - call.startMs;
    for (let step = call.plan.steps[call.next]; step && step.atMs <= elapsed; step = call.plan.steps[call.next]) {
      call.next++;
      events.push(toEvent(call, step));
    }
    return events;
  }

  // Schedules before delivering: a sink that hangs up in reaction must find no timer left behind.
  function schedule(call: LiveCall): void {
    const step = call.plan.steps[call.next];
    if (!step) {
      end(call);
      return;
    }
    const delay = Math.max(0, call.startMs + step.atMs - clock.now());
    call.handle = timers.setTimeout(() => {
      call.handle = undefined;
      const events = runDue(call);
      schedule(call);
      if (events.length > 0) void deliver(events);
    }, delay);
  }

  function end(call: LiveCall): void {
    live.delete(call.id);
    ended.add(call.id);
    if (ended.size > ENDED_MEMORY) ended.delete(ended.values().next().value!);
  }

  return {
    start(plan, callId) {
      const call: LiveCall = {
        id: newId(),
        callId,
        plan,
        startMs: clock.now(),
        next: 0,
        seq: 0,
        handle: undefined,
        answeredAtMs: undefined,
        openTurns: new Map(),
      };
      live.set(call.id, call);
      const events = runDue(call);
      schedule(call);
      return events;
    },
    hangup(providerCallId) {
      const call = live.get(providerCallId);
      if (!call) return ended.has(providerCallId) ? 'already-ended' : 'unknown';
      timers.clearTimeout(call.handle);
      const events = [...call.openTurns.values()].map((step) => transcriptEvent(call, step));
      const ourSide: HangupSource = call.plan.direction === 'outbound' ? 'caller' : 'callee';
      if (call.answeredAtMs === undefined) {
        events.push(statusEvent(call, { status: 'canceled', hangupCause: 'canceled', hangupSource: ourSide, durationSec: 0 }));
      } else {
        const durationSec = Math.round((clock.now() - call.answeredAtMs) / 1_000);
        events.push(
          statusEvent(call, {
            status: 'completed',
            hangupCause: 'normal',
            hangupSource: ourSide,
            durationSec,
            cost: simulatedCost(durationSec, config.costPerMinute),
          }),
        );
      }
      end(call);
      return events;
    },
    liveCount: () => live.size,
    stopAll() {
      for (const call of live.values()) timers.clearTimeout(call.handle);
      live.clear();
    },
  };
}

function finalOf(plan: SimulatedCallPlan, partial: SimulatedTranscriptStep): SimulatedTranscriptStep {
  const final = plan.steps.find(
    (step): step is SimulatedTranscriptStep => step.type === 'transcript' && step.turn === partial.turn && step.isFinal,
  );
  return final ?? { ...partial, isFinal: true };
}

function hex(value: number, width: number): string {
  return (Math.floor(value) % 16 ** width).toString(16).padStart(width, '0');
}
