import { CallboardError } from '../errors/callboard-error.js';
import { bytesToHex } from '../util/base64.js';
import type { TwilioFormPair } from '../providers/twilio/twilio-form-params.js';
import { twilioHmac } from '../providers/twilio/twilio-hmac.js';
import { twilioSignedParams } from '../providers/twilio/twilio-signed-params.js';

/** Options of {@link signTwilioRequest} for a form-encoded webhook (every voice callback). */
export interface SignTwilioFormRequestOptions {
  /** The public URL the webhook is sent to, query string included, exactly as configured at Twilio. */
  url: string;
  /** The POST parameters; an array value is a repeated parameter. */
  params: URLSearchParams | Readonly<Record<string, string | readonly string[]>>;
  /** The account's auth token. */
  authToken: string;
}

/** Options of {@link signTwilioRequest} for a JSON-bodied webhook. */
export interface SignTwilioJsonRequestOptions {
  /** The public URL the webhook is sent to; `bodySHA256` is appended to its query. */
  url: string;
  /** The JSON body, exactly as it will be sent. */
  rawBody: string;
  /** The account's auth token. */
  authToken: string;
}

/** A signed JSON-bodied webhook: send `rawBody` to `url` with `X-Twilio-Signature: signature`. */
export interface SignedTwilioJsonRequest {
  /** The URL with `bodySHA256=<hex SHA-256 of the body>` appended, which is what is signed. */
  url: string;
  /** The `X-Twilio-Signature` header value. */
  signature: string;
}

/**
 * Signs a webhook the way Twilio does, so you can send your own integration genuine-looking
 * callbacks: `base64(HMAC-SHA1(authToken, url + params))` with the params sorted by name in
 * code-unit order. For a JSON body, the URL gets `bodySHA256` and only the URL is signed.
 *
 * The URL is signed exactly as given: use the one configured at Twilio.
 *
 * @example
 * const params = buildTwilioStatusCallback({ callSid: 'CA123', status: 'ringing', sequenceNumber: 1 });
 * const signature = await signTwilioRequest({ url: 'https://calls.example.com/webhooks/twilio', params, authToken });
 * await fetch('http://127.0.0.1:3000/webhooks/twilio', {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
 *   body: params,
 * });
 *
 * @example
 * const signed = await signTwilioRequest({ url: 'https://calls.example.com/hooks/json', rawBody: '{"a":1}', authToken });
 * // POST rawBody to signed.url with X-Twilio-Signature: signed.signature
 */
export function signTwilioRequest(options: SignTwilioFormRequestOptions): Promise<string>;
export function signTwilioRequest(options: SignTwilioJsonRequestOptions): Promise<SignedTwilioJsonRequest>;
export async function signTwilioRequest(
  options: SignTwilioFormRequestOptions | SignTwilioJsonRequestOptions,
): Promise<string | SignedTwilioJsonRequest> {
  if (typeof options.authToken !== 'string' || options.authToken === '') {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'signTwilioRequest needs a non-empty authToken' });
  }
  if ('rawBody' in options) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(options.rawBody));
    const url = `${options.url}${options.url.includes('?') ? '&' : '?'}bodySHA256=${bytesToHex(new Uint8Array(digest))}`;
    return { url, signature: await twilioHmac(options.authToken, url) };
  }
  return twilioHmac(options.authToken, options.url + twilioSignedParams(toPairs(options.params)));
}

function toPairs(params: SignTwilioFormRequestOptions['params']): TwilioFormPair[] {
  if (params instanceof URLSearchParams) return [...params];
  return Object.entries(params).flatMap(([name, value]) =>
    typeof value === 'string' ? [[name, value] as const] : value.map((item) => [name, item] as const),
  );
}

/** A Twilio `CallStatus`, as status callbacks carry it. */
export type TwilioCallStatus =
  | 'queued'
  | 'initiated'
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'no-answer'
  | 'failed'
  | 'canceled';

/** Options of {@link buildTwilioStatusCallback}. */
export interface TwilioStatusCallbackOptions {
  /** The call's `CallSid`. */
  callSid: string;
  /** The `CallStatus` this callback reports. */
  status: TwilioCallStatus;
  /** `SequenceNumber`: the order Twilio fired the event in, from 0. Omitted when not given. */
  sequenceNumber?: number;
  /** `Timestamp`, written as Twilio does (RFC 2822). Omitted when not given. */
  timestamp?: Date;
  /** Default `AC` followed by 32 zeros. */
  accountSid?: string;
  /** Default `+15005550006`. */
  from?: string;
  /** Default `+15005550001`. */
  to?: string;
  /** Default `outbound-api`. */
  direction?: 'inbound' | 'outbound-api' | 'outbound-dial' | 'trunking-originating' | 'trunking-terminating';
  /** `CallDuration` in seconds (Twilio sends it on the final callback). */
  callDuration?: number;
  /** `AnsweredBy` (`human`, `machine_end_beep`, `fax`, ...), when machine detection ran. */
  answeredBy?: string;
  /** `SipResponseCode` (603 for a declined call, 404 for a number that does not exist, ...). */
  sipResponseCode?: number;
  /** Any other parameters, added last. */
  extra?: Readonly<Record<string, string>>;
}

/**
 * Builds the parameters of a Twilio call status callback, with the fields Twilio sends
 * (`AccountSid`, `ApiVersion`, `CallSid`, `CallStatus`, `CallbackSource`, `Called`/`Caller`,
 * `Direction`, `From`/`To`, ...). `toString()` gives the form body; pass the object itself to
 * {@link signTwilioRequest}.
 *
 * @example
 * const params = buildTwilioStatusCallback({
 *   callSid: 'CA5d0f2c9e8b7a6f5e4d3c2b1a0f9e8d7c',
 *   status: 'busy',
 *   sequenceNumber: 2,
 *   timestamp: new Date('2023-11-14T22:13:05Z'),
 *   sipResponseCode: 603,
 * });
 * params.toString(); // 'AccountSid=AC000...&ApiVersion=2010-04-01&CallSid=CA5d0f...&CallStatus=busy&...'
 */
export function buildTwilioStatusCallback(options: TwilioStatusCallbackOptions): URLSearchParams {
  const from = options.from ?? '+15005550006';
  const to = options.to ?? '+15005550001';
  const params = new URLSearchParams({
    AccountSid: options.accountSid ?? `AC${'0'.repeat(32)}`,
    ApiVersion: '2010-04-01',
    CallSid: options.callSid,
    CallStatus: options.status,
    CallbackSource: 'call-progress-events',
    Called: to,
    Caller: from,
    Direction: options.direction ?? 'outbound-api',
    From: from,
    To: to,
  });
  if (options.sequenceNumber !== undefined) params.set('SequenceNumber', String(options.sequenceNumber));
  if (options.timestamp !== undefined) params.set('Timestamp', options.timestamp.toUTCString().replace('GMT', '+0000'));
  if (options.callDuration !== undefined) params.set('CallDuration', String(options.callDuration));
  if (options.answeredBy !== undefined) params.set('AnsweredBy', options.answeredBy);
  if (options.sipResponseCode !== undefined) params.set('SipResponseCode', String(options.sipResponseCode));
  for (const [name, value] of Object.entries(options.extra ?? {})) params.append(name, value);
  return params;
}
