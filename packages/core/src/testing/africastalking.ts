import type { WebhookRequest } from '../provider/call-provider.js';

/** The fields of an Africa's Talking voice callback, as posted (any field may be left out). */
export type AfricasTalkingCallbackFields = Record<string, string | number | undefined>;

/** Options of {@link buildAfricasTalkingCallback}. */
export interface BuildAfricasTalkingCallbackOptions {
  /** The callback token to put in the URL's `token` parameter. Leave it out to build a request without one. */
  token?: string;
  /** The public callback URL, without the token. Default `https://callboard.test/webhooks/africastalking`. */
  url?: string;
}

/** A built callback: a {@link WebhookRequest} plus a way to send it to a real server. */
export interface BuiltAfricasTalkingCallback extends WebhookRequest {
  /** The same callback as a Fetch `Request`, e.g. for `handler(callback.toRequest())` or `fetch`. */
  toRequest(): Request;
}

/**
 * Builds an Africa's Talking voice callback the way Africa's Talking posts it: a form-encoded
 * body and the callback URL with the secret `token` query parameter. Fields that are
 * `undefined` are left out; numbers are written as text.
 *
 * @example
 * const callback = buildAfricasTalkingCallback(
 *   { isActive: 0, sessionId: 'ATVId_1', direction: 'Outbound', callerNumber: '+254711000001',
 *     destinationNumber: '+254730000000', durationInSeconds: 42, amount: '0.8', currencyCode: 'KES',
 *     hangupCause: 'NORMAL_CLEARING', callSessionState: 'Completed' },
 *   { token: 'a-long-random-callback-token' },
 * );
 * await provider.verifyWebhook(callback);
 * const events = provider.parseWebhook(callback, { receivedAt: new Date() });
 */
export function buildAfricasTalkingCallback(
  fields: AfricasTalkingCallbackFields,
  options: BuildAfricasTalkingCallbackOptions = {},
): BuiltAfricasTalkingCallback {
  const url = new URL(options.url ?? 'https://callboard.test/webhooks/africastalking');
  if (options.token !== undefined) url.searchParams.set('token', options.token);
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) form.append(name, String(value));
  }
  const rawBody = form.toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  return {
    method: 'POST',
    url: url.toString(),
    headers: new Headers(headers),
    rawBody,
    toRequest: () => new Request(url.toString(), { method: 'POST', headers, body: rawBody }),
  };
}
