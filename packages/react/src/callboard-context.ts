import { createContext } from 'react';
import type { CallboardApi, RealtimeClient } from '@callboard/core';

/** @internal What the provider shares with the hooks. */
export interface CallboardContextValue {
  client: RealtimeClient;
  api: CallboardApi | undefined;
}

/** @internal */
export const CallboardContext = createContext<CallboardContextValue | null>(null);
