import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallLogFilter, CallStatsResult } from '@callboard/core';
import { useCallboardApi, useCallboardClient } from './use-callboard-client.js';

/** Options of {@link useCallStats}. */
export interface UseCallStatsOptions {
  /** Refetch at most this often when live events arrive (default 2 000 ms). */
  throttleMs?: number;
  /** Refetch at least this often (default 30 000 ms; 0 turns it off). */
  intervalMs?: number;
}

/** What {@link useCallStats} returns. */
export interface CallStatsState {
  data: CallStatsResult | undefined;
  error: Error | undefined;
  isLoading: boolean;
  /** Refetches now. */
  refresh(): void;
}

/**
 * KPI numbers computed by the server (`GET /api/calls/stats`) for a filter, refreshed when live
 * events arrive (throttled) and on an interval. Needs `api` on the provider.
 *
 * @example
 * const { data } = useCallStats({ direction: 'inbound' });
 * return <Kpi label="Answer rate" value={data?.answerRate} />;
 */
export function useCallStats(query: CallLogFilter = {}, options: UseCallStatsOptions = {}): CallStatsState {
  const api = useCallboardApi();
  const client = useCallboardClient();
  const key = JSON.stringify(query);
  const [state, setState] = useState<{ data?: CallStatsResult; error?: Error; isLoading: boolean }>({ isLoading: true });
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((n) => n + 1), []);
  const throttleMs = options.throttleMs ?? 2000;
  const intervalMs = options.intervalMs ?? 30_000;
  const lastFetch = useRef(0);

  useEffect(() => {
    const controller = new AbortController();
    lastFetch.current = Date.now();
    setState((previous) => ({ ...previous, isLoading: true }));
    api.stats(JSON.parse(key) as CallLogFilter, { signal: controller.signal }).then(
      (data) => setState({ data, isLoading: false }),
      (error: Error) => {
        if (!controller.signal.aborted) setState((previous) => ({ ...previous, error, isLoading: false }));
      },
    );
    return () => controller.abort();
  }, [api, key, generation]);

  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    const stop = client.onEvent('*', () => {
      if (pending !== undefined) return;
      const wait = Math.max(0, lastFetch.current + throttleMs - Date.now());
      pending = setTimeout(() => {
        pending = undefined;
        refresh();
      }, wait);
    });
    const interval = intervalMs > 0 ? setInterval(refresh, intervalMs) : undefined;
    return () => {
      stop();
      if (pending !== undefined) clearTimeout(pending);
      if (interval !== undefined) clearInterval(interval);
    };
  }, [client, refresh, throttleMs, intervalMs]);

  return { data: state.data, error: state.error, isLoading: state.isLoading, refresh };
}
