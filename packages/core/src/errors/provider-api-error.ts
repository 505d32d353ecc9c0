import { CallboardError } from './callboard-error.js';

/**
 * A provider's REST API refused or failed a request (placing or hanging up a call).
 * `isRetryable` is true for 408, 409, 429 and 5xx answers, and for network failures.
 */
export class ProviderApiError extends CallboardError {
  /** The HTTP status the provider answered with, if it answered. */
  readonly statusCode: number | undefined;
  /** The provider's error code (Twilio `code`, Telnyx `errors[0].code`, AT entry status), if any. */
  readonly providerCode: string | undefined;
  /** The request URL, without credentials. */
  readonly url: string;

  constructor(options: {
    provider: string;
    url: string;
    message: string;
    statusCode?: number;
    providerCode?: string;
    isRetryable?: boolean;
    cause?: unknown;
  }) {
    const statusCode = options.statusCode;
    super({
      code: statusCode === undefined ? 'NETWORK_ERROR' : 'PROVIDER_API_ERROR',
      message: options.message,
      cause: options.cause,
      isRetryable: options.isRetryable ?? isRetryableStatus(statusCode),
      details: { provider: options.provider, statusCode, providerCode: options.providerCode },
    });
    this.name = 'ProviderApiError';
    this.statusCode = statusCode;
    this.providerCode = options.providerCode;
    this.url = options.url;
  }
}

/** Whether an HTTP status means the same request may succeed later. Undefined (no answer) counts as retryable. */
export function isRetryableStatus(statusCode: number | undefined): boolean {
  if (statusCode === undefined) return true;
  return statusCode === 408 || statusCode === 409 || statusCode === 429 || statusCode >= 500;
}
