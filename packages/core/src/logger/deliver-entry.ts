import { z } from 'zod';
import type { CallboardErrorCode } from '../errors/index.js';
import { CallLoggerError } from './call-logger-error.js';
import type { OutboxEntry } from './outbox-entry.js';
import { parseRetryAfter } from './parse-retry-after.js';

/**
 * @internal What one attempt at sending an entry came to. `scope: 'server'` means the server as
 * a whole is unavailable (network error, 429, 502-504), so every call waits; `scope: 'entry'`
 * means this request failed on its own (another 5xx), so only its call waits.
 */
export type DeliveryOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; scope: 'server' | 'entry'; retryAfterMs: number | undefined; error: CallLoggerError }
  | { kind: 'rejected'; error: CallLoggerError };

/** @internal Where and how entries are sent. */
export interface DeliveryTarget {
  /** Base URL of the Callboard server, without a trailing slash. */
  baseUrl: string;
  apiKey: string | undefined;
  fetch: typeof globalThis.fetch;
  requestTimeoutMs: number;
  now: () => number;
}

const errorBodySchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.string().optional() }).partial(),
});

// Server codes taken over as they are; anything else is derived from the HTTP status.
const SERVER_CODES: ReadonlySet<string> = new Set<CallboardErrorCode>([
  'BAD_REQUEST', 'BAD_PAYLOAD', 'INVALID_ARGUMENT', 'NOT_FOUND', 'CONFLICT', 'UNAUTHORIZED', 'FORBIDDEN',
  'RATE_LIMITED', 'PAYLOAD_TOO_LARGE', 'METHOD_NOT_ALLOWED', 'UNSUPPORTED_MEDIA_TYPE', 'TIMEOUT', 'UNAVAILABLE', 'INTERNAL',
]);

const CODE_BY_STATUS: Record<number, CallboardErrorCode> = {
  400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 408: 'TIMEOUT',
  409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 405: 'METHOD_NOT_ALLOWED', 415: 'UNSUPPORTED_MEDIA_TYPE', 422: 'BAD_PAYLOAD', 429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** @internal Sends one entry once and classifies the answer. Never throws. */
export async function deliverEntry(entry: OutboxEntry, target: DeliveryTarget): Promise<DeliveryOutcome> {
  const about = { operation: entry.operation, callId: entry.callId, idempotencyKey: entry.id };
  let response: Response;
  try {
    response = await target.fetch(`${target.baseUrl}${entry.path}`, {
      method: entry.method,
      headers: {
        ...(target.apiKey === undefined ? {} : { authorization: `Bearer ${target.apiKey}` }),
        'content-type': 'application/json',
        'idempotency-key': entry.id,
      },
      body: JSON.stringify(entry.body),
      signal: AbortSignal.timeout(target.requestTimeoutMs),
    });
  } catch (cause) {
    const error = new CallLoggerError({
      ...about,
      code: 'NETWORK_ERROR',
      message: `No answer from the Callboard server for ${entry.method} ${entry.path}`,
      isRetryable: true,
      cause,
    });
    return { kind: 'retry', scope: 'server', retryAfterMs: undefined, error };
  }
  const status = response.status;
  if (response.ok) {
    // Reading the body to its end lets the connection be reused.
    await response.arrayBuffer().catch(() => undefined);
    return { kind: 'delivered' };
  }
  const answer = errorBodySchema.safeParse(await response.json().catch(() => undefined));
  const serverCode = answer.success ? answer.data.error.code : undefined;
  const code = serverCode !== undefined && SERVER_CODES.has(serverCode) ? (serverCode as CallboardErrorCode) : codeForStatus(status);
  const retryable = status === 408 || status === 429 || status >= 500;
  const error = new CallLoggerError({
    ...about,
    code,
    message: (answer.success ? answer.data.error.message : undefined) ?? `The Callboard server answered ${status} to ${entry.method} ${entry.path}`,
    isRetryable: retryable,
    statusCode: status,
    ...(serverCode === undefined ? {} : { serverCode }),
  });
  if (!retryable) return { kind: 'rejected', error };
  const scope = status === 429 || (status >= 502 && status <= 504) ? 'server' : 'entry';
  return { kind: 'retry', scope, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), target.now()), error };
}

function codeForStatus(status: number): CallboardErrorCode {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT');
}

