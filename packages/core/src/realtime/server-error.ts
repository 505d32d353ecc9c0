import { CallboardError, type CallboardErrorCode } from '../errors/index.js';

const KNOWN: ReadonlySet<string> = new Set<CallboardErrorCode>([
  'BAD_PAYLOAD', 'UNAUTHORIZED', 'FORBIDDEN', 'CONFLICT', 'RATE_LIMITED', 'UNSUPPORTED', 'NOT_FOUND', 'INTERNAL',
  'ROOM_FULL', 'PAYLOAD_TOO_LARGE',
]);

/** @internal An `error` frame's code (or an `unsubscribed` reason) as a Callboard error; the raw code stays in `details.serverCode`. */
export function serverError(code: string, message: string, details?: Record<string, unknown>): CallboardError {
  return new CallboardError({
    code: KNOWN.has(code) ? (code as CallboardErrorCode) : 'INTERNAL',
    message,
    details: { serverCode: code, ...details },
  });
}
