import { CallboardError } from './callboard-error.js';

/**
 * A webhook body could not be turned into call events (wrong content type, missing fields,
 * garbage). Answer 400 and store nothing.
 */
export class WebhookParseError extends CallboardError {
  declare readonly code: 'BAD_PAYLOAD';

  constructor(options: { message: string; provider: string; cause?: unknown; details?: Record<string, unknown> }) {
    super({
      code: 'BAD_PAYLOAD',
      message: options.message,
      cause: options.cause,
      details: { provider: options.provider, ...options.details },
    });
    this.name = 'WebhookParseError';
  }
}
