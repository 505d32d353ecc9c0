/**
 * `@callboard/core/twilio`: the Twilio Programmable Voice adapter.
 *
 * @module
 */
export { createTwilio, TWILIO_DEFAULT_CALL_TWIML, type TwilioProvider, type TwilioProviderSettings } from './twilio-provider.js';
export {
  TWILIO_SIGNATURE_HEADER,
  verifyTwilioSignature,
  type TwilioHmacSha1,
  type TwilioSignedRequest,
  type VerifyTwilioSignatureOptions,
} from './twilio-verify-signature.js';
export { parseTwilioWebhook } from './twilio-parse-webhook.js';
export { TWILIO_EMPTY_TWIML, twilioWebhookReply } from './twilio-webhook-reply.js';
