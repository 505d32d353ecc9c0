import { WebhookParseError } from '../../errors/webhook-parse-error.js';
import { WebhookVerificationError } from '../../errors/webhook-verification-error.js';

/**
 * The simulated provider pushes its events through `attach`; nothing genuine is ever posted to
 * it, so verifying a webhook always fails (`BAD_SIGNATURE`).
 */
export async function verifySimulatedWebhook(): Promise<never> {
  throw new WebhookVerificationError({
    code: 'BAD_SIGNATURE',
    provider: 'simulated',
    message: 'The simulated provider sends no webhooks, so none is genuine',
  });
}

/** The simulated provider sends no webhooks: parsing one always fails (`BAD_PAYLOAD`). */
export function parseSimulatedWebhook(): never {
  throw new WebhookParseError({ provider: 'simulated', message: 'The simulated provider sends no webhooks' });
}
