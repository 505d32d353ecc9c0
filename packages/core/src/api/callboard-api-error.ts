import { CallboardError, type CallboardErrorCode } from '../errors/callboard-error.js';

const KNOWN_CODES: ReadonlySet<string> = new Set<CallboardErrorCode>([
  'BAD_PAYLOAD',
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED',
  'UNAVAILABLE',
  'INTERNAL',
]);

/**
 * The Callboard HTTP API answered with an error. `code` is the closest {@link CallboardErrorCode};
 * `serverCode` is the code the server sent, verbatim.
 */
export class CallboardApiError extends CallboardError {
  /** The HTTP status. */
  readonly status: number;
  /** The `error.code` the server sent. */
  readonly serverCode: string;

  constructor(options: { status: number; serverCode: string; message: string; details?: unknown }) {
    super({
      code: toCode(options.status, options.serverCode),
      message: options.message,
      isRetryable: options.status === 408 || options.status === 429 || options.status >= 500,
      details: { status: options.status, serverCode: options.serverCode, ...(options.details === undefined ? {} : { details: options.details }) },
    });
    this.name = 'CallboardApiError';
    this.status = options.status;
    this.serverCode = options.serverCode;
  }
}

function toCode(status: number, serverCode: string): CallboardErrorCode {
  if (KNOWN_CODES.has(serverCode)) return serverCode as CallboardErrorCode;
  if (status === 400 || status === 422) return 'INVALID_ARGUMENT';
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'UNAVAILABLE';
  return 'INTERNAL';
}
