import type { Call } from '../model/call.js';
import { CallboardError } from '../errors/callboard-error.js';
import { CallboardApiError } from './callboard-api-error.js';
import type {
  AnalyticsRequest,
  AnalyticsResult,
  CallLogFilter,
  CallLogPage,
  CallLogQuery,
  CallStatsResult,
  StoredCallEvent,
} from './api-types.js';

/** Options of {@link createCallboardApi}. */
export interface CallboardApiOptions {
  /** The server's base URL (`https://calls.example.com`), or `''` for the page's own origin. */
  url: string;
  /** A bearer API key or dashboard token; a function is called before every request (token refresh). */
  token?: string | (() => string | undefined);
  /** Injected fetch (defaults to the global one). */
  fetch?: typeof fetch;
}

/** A typed client of Callboard's HTTP read and action API. */
export interface CallboardApi {
  listCalls(query?: CallLogQuery, init?: { signal?: AbortSignal }): Promise<CallLogPage>;
  activeCalls(init?: { signal?: AbortSignal }): Promise<Call[]>;
  getCall(id: string, init?: { signal?: AbortSignal }): Promise<Call>;
  /** A call with its stored events (the raw provider events of the detail view). */
  getCallWithEvents(id: string, init?: { signal?: AbortSignal }): Promise<{ call: Call; events: StoredCallEvent[] }>;
  stats(filter?: CallLogFilter, init?: { signal?: AbortSignal }): Promise<CallStatsResult>;
  analytics(request: AnalyticsRequest, init?: { signal?: AbortSignal }): Promise<AnalyticsResult>;
  /** The URL of the CSV export for a filter (for a download link; add the token yourself if needed). */
  exportUrl(filter?: CallLogFilter & { sort?: CallLogQuery['sort'] }): string;
  /** Downloads the CSV export as text. */
  exportCsv(filter?: CallLogFilter & { sort?: CallLogQuery['sort'] }, init?: { signal?: AbortSignal }): Promise<string>;
  initiateCall(body: { to: string; from?: string; provider?: string }): Promise<{ callId: string; roomId: string }>;
  terminateCall(id: string): Promise<Call>;
  deleteCall(id: string): Promise<void>;
  mintToken(body: { subject: string; scopes: Array<'ingest' | 'read' | 'admin'>; ttlSec: number; rooms?: string[] }): Promise<{ token: string; expiresAt: string }>;
}

/**
 * Creates a typed client of the HTTP API. Errors are {@link CallboardApiError}s carrying the
 * server's error code; network failures are `CallboardError`s with code `NETWORK_ERROR`.
 *
 * @example
 * const api = createCallboardApi({ url: '', token: () => localStorage.getItem('token') ?? undefined });
 * const { calls, total } = await api.listCalls({ status: ['completed'], limit: 50 });
 */
export function createCallboardApi(options: CallboardApiOptions): CallboardApi {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  function token(): string | undefined {
    return typeof options.token === 'function' ? options.token() : options.token;
  }

  async function request<T>(method: string, path: string, body?: unknown, init?: { signal?: AbortSignal }): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(init?.signal ? { signal: init.signal } : {}),
      });
    } catch (cause) {
      if (init?.signal?.aborted) throw cause;
      throw new CallboardError({ code: 'NETWORK_ERROR', message: `${method} ${path} failed: no answer`, cause, isRetryable: true });
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const json = text === '' ? undefined : safeJson(text);
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
      throw new CallboardApiError({
        status: response.status,
        serverCode: error?.code ?? `HTTP_${response.status}`,
        message: error?.message ?? `${method} ${path} answered ${response.status}`,
        details: error?.details,
      });
    }
    return json as T;
  }

  return {
    listCalls: (query = {}, init) => request('GET', `/api/calls${toQuery(query)}`, undefined, init),
    activeCalls: async (init) => (await request<{ calls: Call[] }>('GET', '/api/calls/active', undefined, init)).calls,
    getCall: async (id, init) => (await request<{ call: Call }>('GET', `/api/calls/${encodeURIComponent(id)}`, undefined, init)).call,
    getCallWithEvents: (id, init) => request('GET', `/api/calls/${encodeURIComponent(id)}?events=1`, undefined, init),
    stats: (filter = {}, init) => request('GET', `/api/calls/stats${toQuery(filter)}`, undefined, init),
    analytics: (query, init) => request('GET', `/api/calls/analytics${toQuery(query)}`, undefined, init),
    exportUrl: (filter = {}) => `${base}/api/calls/export.csv${toQuery(filter)}`,
    async exportCsv(filter = {}, init) {
      const headers: Record<string, string> = {};
      const bearer = token();
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      const response = await doFetch(`${base}/api/calls/export.csv${toQuery(filter)}`, { headers, ...(init?.signal ? { signal: init.signal } : {}) });
      if (!response.ok) throw new CallboardApiError({ status: response.status, serverCode: `HTTP_${response.status}`, message: 'CSV export failed' });
      return response.text();
    },
    initiateCall: (body) => request('POST', '/api/calls/initiate', body),
    terminateCall: async (id) => (await request<{ call: Call }>('POST', `/api/calls/${encodeURIComponent(id)}/terminate`, {})).call,
    deleteCall: async (id) => {
      await request('DELETE', `/api/calls/${encodeURIComponent(id)}`);
    },
    mintToken: (body) => request('POST', '/api/tokens', body),
  };
}

/** Serializes a query object: arrays as comma-separated values, undefined and empty values left out. */
function toQuery(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
