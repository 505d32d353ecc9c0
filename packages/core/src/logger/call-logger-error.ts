import { CallboardError, type CallboardErrorCode } from '../errors/index.js';
import type { LoggerOperation } from './outbox-entry.js';

/**
 * A call logger request failed: the server refused it (4xx, permanent, dropped from the outbox)
 * or could not take it yet (network error, 408, 429, 5xx; retried). `code` is the server's own
 * error code when it sent one of Callboard's codes, otherwise derived from the HTTP status.
 */
export class CallLoggerError extends CallboardError {
  /** The HTTP status, when the server answered. */
  readonly statusCode: number | undefined;
  /** The `error.code` of the server's JSON answer, verbatim, when it sent one. */
  readonly serverCode: string | undefined;
  /** Which logger call the request came from. */
  readonly operation: LoggerOperation;
  /** The bot's call id. */
  readonly callId: string;
  /** The request's `Idempotency-Key`. */
  readonly idempotencyKey: string;

  constructor(options: {
    code: CallboardErrorCode;
    message: string;
    operation: LoggerOperation;
    callId: string;
    idempotencyKey: string;
    isRetryable: boolean;
    statusCode?: number;
    serverCode?: string;
    cause?: unknown;
  }) {
    super({
      code: options.code,
      message: options.message,
      cause: options.cause,
      isRetryable: options.isRetryable,
      details: {
        operation: options.operation,
        callId: options.callId,
        statusCode: options.statusCode,
        serverCode: options.serverCode,
      },
    });
    this.name = 'CallLoggerError';
    this.statusCode = options.statusCode;
    this.serverCode = options.serverCode;
    this.operation = options.operation;
    this.callId = options.callId;
    this.idempotencyKey = options.idempotencyKey;
  }
}
