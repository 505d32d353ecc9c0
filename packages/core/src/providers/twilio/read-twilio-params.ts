import { WebhookParseError } from '../../errors/webhook-parse-error.js';
import type { WebhookRequest } from '../../provider/call-provider.js';
import { parseTwilioFormPairs, type TwilioFormPair } from './twilio-form-params.js';

/** Twilio's voice callbacks are a few kilobytes; anything this large is not one. */
export const TWILIO_MAX_WEBHOOK_CHARS = 256 * 1024;

const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * The parameters of a Twilio webhook: the form body of a POST, or the query string of a GET
 * (a callback configured with `StatusCallbackMethod=GET`). Throws `WebhookParseError` for a
 * body that is not form-encoded (a missing `Content-Type` is read as form) or is too large.
 */
export function readTwilioParams(request: WebhookRequest): TwilioFormPair[] {
  const method = request.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD') {
    if (request.url.length > TWILIO_MAX_WEBHOOK_CHARS) throw tooLarge();
    let query: string;
    try {
      query = new URL(request.url).search.slice(1);
    } catch (cause) {
      throw new WebhookParseError({ message: 'The webhook URL cannot be parsed', provider: 'twilio', cause });
    }
    return parseTwilioFormPairs(query);
  }
  const contentType = request.headers.get('content-type');
  const mediaType = contentType?.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== undefined && mediaType !== FORM_TYPE) {
    throw new WebhookParseError({
      message: `Twilio voice callbacks are ${FORM_TYPE}`,
      provider: 'twilio',
      details: { contentType: mediaType.slice(0, 100) },
    });
  }
  if (request.rawBody.length > TWILIO_MAX_WEBHOOK_CHARS) throw tooLarge();
  return parseTwilioFormPairs(request.rawBody);
}

function tooLarge(): WebhookParseError {
  return new WebhookParseError({
    message: `The webhook is larger than ${TWILIO_MAX_WEBHOOK_CHARS} characters`,
    provider: 'twilio',
    details: { limit: TWILIO_MAX_WEBHOOK_CHARS },
  });
}
