import type { WebhookReply } from '../../provider/call-provider.js';

/** The empty TwiML document Twilio is answered with. */
export const TWILIO_EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * What Twilio is answered once a webhook is stored: 200 with an empty TwiML `<Response/>`.
 * Status callbacks ignore the body; a voice URL request treats it as "do nothing".
 *
 * @example
 * const reply = twilioWebhookReply();
 * return new Response(reply.body, { status: reply.status, headers: { 'content-type': reply.contentType } });
 */
export function twilioWebhookReply(): WebhookReply {
  return { status: 200, contentType: 'text/xml', body: TWILIO_EMPTY_TWIML };
}
