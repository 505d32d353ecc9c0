import { isTerminalStatus, type Call, type CallEvent, type CallStatus } from '@callboard/core';

/** The Socket.IO event names existing dashboards listen for, emitted when `legacyEvents` is on. */
export const LEGACY_EVENT_NAMES = ['new_call', 'callStarted', 'callUpdated', 'call-status', 'transcriptUpdated', 'callTerminated'] as const;

/** One of {@link LEGACY_EVENT_NAMES}. */
export type LegacyEventName = (typeof LEGACY_EVENT_NAMES)[number];

/** @internal Decides which legacy event names an event stands for. */
export interface LegacyEventTracker {
  namesFor(callId: string, event: CallEvent, call: Call | undefined): LegacyEventName[];
}

/**
 * @internal Remembers the last status seen per call (the most recent `maxCalls` calls), since the
 * legacy names are about changes and an event alone does not say what changed. A call this node
 * has not seen counts as created when the event is its first one (the call's `createdAt` is this
 * event's receive time).
 */
export function createLegacyEventTracker(maxCalls = 10_000): LegacyEventTracker {
  const statuses = new Map<string, CallStatus>();
  return {
    namesFor(callId, event, call) {
      if (!call) {
        statuses.delete(callId);
        return [];
      }
      const previous = statuses.get(callId);
      const created = previous === undefined && call.createdAt === event.receivedAt;
      const statusChanged =
        previous === undefined
          ? !created && event.type === 'call.status' && event.status === call.status
          : previous !== call.status;
      statuses.delete(callId);
      statuses.set(callId, call.status);
      if (statuses.size > maxCalls) statuses.delete(statuses.keys().next().value!);
      const names: LegacyEventName[] = [];
      if (created) names.push('new_call', 'callStarted');
      if (statusChanged) names.push('callUpdated', 'call-status');
      if ((created || statusChanged) && isTerminalStatus(call.status)) names.push('callTerminated');
      if (event.type === 'call.transcript') names.push('transcriptUpdated');
      return names;
    },
  };
}
