import { useEffect, useRef } from 'react';
import type { Call, CallEvent, CallEventType } from '@callboard/core';
import { useCallboardClient } from './use-callboard-client.js';

/**
 * Calls `handler` for every event of a type (`'*'` for all), once per `seq`, while mounted. The
 * latest `handler` is always used, so it need not be memoized.
 *
 * @example
 * useCallEvent('call.live', (event) => toast(`${event.name} on ${event.providerCallId}`));
 */
export function useCallEvent<T extends CallEventType>(
  type: T | '*',
  handler: (event: Extract<CallEvent, { type: T }>, call: Call | undefined, seq: number) => void,
): void {
  const client = useCallboardClient();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const listener = (event: CallEvent, call: Call | undefined, seq: number) =>
      latest.current(event as Extract<CallEvent, { type: T }>, call, seq);
    return type === '*' ? client.onEvent('*', listener) : client.onEvent(type, listener as never);
  }, [client, type]);
}
