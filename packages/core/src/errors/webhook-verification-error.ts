import { CallboardError } from './callboard-error.js';

/** The codes a webhook verification can fail with. */
export type WebhookVerificationErrorCode =
  | 'MISSING_SIGNATURE'
  | 'BAD_SIGNATURE'
  | 'STALE_TIMESTAMP'
  | 'BAD_TOKEN'
  | 'UNKNOWN_SESSION';

/**
 * A webhook did not prove it came from the provider. Answer 401/403 and store nothing.
 */
export class WebhookVerificationError extends CallboardError {
  declare readonly code: WebhookVerificationErrorCode;

  constructor(options: { code: WebhookVerificationErrorCode; message?: string; provider: string; cause?: unknown }) {
    super({ ...options, details: { provider: options.provider } });
    this.name = 'WebhookVerificationError';
  }
}
