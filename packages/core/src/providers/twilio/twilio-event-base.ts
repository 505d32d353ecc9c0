import { CALL_EVENT_VERSION } from '../../model/call-event.js';
import type { Direction } from '../../model/call.js';
import { mapTwilioDirection } from './map-twilio-direction.js';
import { parseTwilioTimestamp } from './parse-twilio-timestamp.js';
import type { TwilioWebhookParams } from './twilio-webhook-schemas.js';

/** The fields every event parsed from one Twilio webhook shares. */
export interface TwilioEventBase {
  v: typeof CALL_EVENT_VERSION;
  provider: 'twilio';
  providerCallId: string;
  occurredAt: string;
  receivedAt: string;
  raw: Record<string, string>;
  direction?: Direction;
  from?: string;
  to?: string;
}

/**
 * The shared fields of the events one webhook yields: the call (`CallSid`), Twilio's
 * `Timestamp` as the event time (the receive time when it is absent or unreadable), direction
 * and parties when the callback carries them, and every parameter as received in `raw`.
 */
export function twilioEventBase(params: TwilioWebhookParams, raw: Record<string, string>, receivedAt: string): TwilioEventBase {
  const base: TwilioEventBase = {
    v: CALL_EVENT_VERSION,
    provider: 'twilio',
    providerCallId: params.CallSid,
    occurredAt: parseTwilioTimestamp(params.Timestamp) ?? receivedAt,
    receivedAt,
    raw,
  };
  const direction = mapTwilioDirection(params.Direction);
  if (direction !== undefined) base.direction = direction;
  if (params.From !== undefined) base.from = params.From;
  if (params.To !== undefined) base.to = params.To;
  return base;
}
