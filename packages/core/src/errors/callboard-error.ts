/**
 * Every error code Callboard raises, in one documented union. Tests and callers branch on
 * `code`, never on message text.
 *
 * - `MISSING_SIGNATURE`: a webhook came without the provider's signature header(s).
 * - `BAD_SIGNATURE`: the signature does not match the body, URL or key.
 * - `STALE_TIMESTAMP`: a signed timestamp is outside the allowed window (past or future).
 * - `BAD_TOKEN`: the secret token in a callback URL is missing or wrong (Africa's Talking).
 * - `UNKNOWN_SESSION`: a callback names a call we did not place, where that is checked.
 * - `BAD_PAYLOAD`: a webhook or request body cannot be parsed into events.
 * - `INVALID_ARGUMENT`: a caller passed options that cannot work.
 * - `PROVIDER_API_ERROR`: a provider's REST API answered with an error.
 * - `NETWORK_ERROR`: a request did not get an answer at all.
 * - `NOT_FOUND`, `CONFLICT`, `UNAUTHORIZED`, `FORBIDDEN`, `RATE_LIMITED`, `PAYLOAD_TOO_LARGE`:
 *   HTTP API outcomes, as the SDK reports them.
 * - `BAD_REQUEST`, `METHOD_NOT_ALLOWED`, `UNSUPPORTED_MEDIA_TYPE`: HTTP API answers to a malformed
 *   or invalid request (400), a method the route does not take (405), a body type it does not read (415).
 * - `UNSUPPORTED`: the provider cannot do what was asked.
 * - `CONNECTION_CLOSED`, `TIMEOUT`: realtime and client failures.
 * - `OUTBOX_FULL`: the call logger's outbox reached its bound while the server was unreachable.
 * - `ROOM_FULL`: a signaling room already holds as many peers as it may.
 * - `UNAVAILABLE`: the server is up but cannot serve, because its store does not answer (HTTP 503).
 * - `INTERNAL`: anything else.
 */
export type CallboardErrorCode =
  | 'MISSING_SIGNATURE'
  | 'BAD_SIGNATURE'
  | 'STALE_TIMESTAMP'
  | 'BAD_TOKEN'
  | 'UNKNOWN_SESSION'
  | 'BAD_PAYLOAD'
  | 'INVALID_ARGUMENT'
  | 'PROVIDER_API_ERROR'
  | 'NETWORK_ERROR'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'BAD_REQUEST'
  | 'METHOD_NOT_ALLOWED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNSUPPORTED'
  | 'CONNECTION_CLOSED'
  | 'TIMEOUT'
  | 'OUTBOX_FULL'
  | 'ROOM_FULL'
  | 'UNAVAILABLE'
  | 'INTERNAL';

const BRAND = Symbol.for('callboard.error');

/** Options shared by every Callboard error. */
export interface CallboardErrorOptions {
  /** The stable error code. */
  code: CallboardErrorCode;
  /** A human-readable message. Defaults to the code. */
  message?: string;
  /** The underlying error, if any. */
  cause?: unknown;
  /** Whether trying the same thing again can succeed. */
  isRetryable?: boolean;
  /** Structured context (field names, provider status, ...). Never contains secrets. */
  details?: Record<string, unknown>;
}

/**
 * The base class of every error Callboard throws on purpose.
 *
 * `CallboardError.isInstance(e)` works across duplicate copies of the package, where
 * `instanceof` does not.
 *
 * @example
 * try {
 *   await twilio.verifyWebhook(request);
 * } catch (error) {
 *   if (CallboardError.isInstance(error) && error.code === 'BAD_SIGNATURE') return new Response(null, { status: 403 });
 *   throw error;
 * }
 */
export class CallboardError extends Error {
  /** The stable error code. */
  readonly code: CallboardErrorCode;
  /** Whether trying again can succeed. */
  readonly isRetryable: boolean;
  /** Structured context. */
  readonly details: Record<string, unknown> | undefined;
  private readonly [BRAND] = true;

  constructor(options: CallboardErrorOptions) {
    super(options.message ?? options.code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CallboardError';
    this.code = options.code;
    this.isRetryable = options.isRetryable ?? false;
    this.details = options.details;
  }

  /** Whether `value` is a Callboard error (of any subclass, from any copy of the package). */
  static isInstance(value: unknown): value is CallboardError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
