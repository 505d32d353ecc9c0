import { CallboardError, type CallboardErrorCode } from '@callboard/core';

/**
 * The HTTP status each error code answers with. Everything a client can cause is a 4xx; only
 * `INTERNAL` (a fault of ours), `UNAVAILABLE` (the store does not answer) and the provider/network
 * codes (a fault upstream) are 5xx.
 */
const STATUS_BY_CODE: Partial<Record<CallboardErrorCode, number>> = {
  BAD_REQUEST: 400,
  BAD_PAYLOAD: 400,
  INVALID_ARGUMENT: 400,
  MISSING_SIGNATURE: 401,
  UNAUTHORIZED: 401,
  BAD_SIGNATURE: 403,
  STALE_TIMESTAMP: 403,
  BAD_TOKEN: 403,
  UNKNOWN_SESSION: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNSUPPORTED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  PROVIDER_API_ERROR: 502,
  NETWORK_ERROR: 502,
  CONNECTION_CLOSED: 502,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
};

/** The HTTP status a Callboard error code answers with (500 for a code this version does not know). */
export function httpStatusOf(code: string): number {
  return Object.hasOwn(STATUS_BY_CODE, code) ? STATUS_BY_CODE[code as CallboardErrorCode]! : 500;
}

/** Shorthand for the errors the HTTP layer raises itself. */
export function httpError(code: CallboardErrorCode, message: string, details?: Record<string, unknown>): CallboardError {
  return new CallboardError({ code, message, ...(details === undefined ? {} : { details }) });
}
