import { CallboardError } from '../../errors/callboard-error.js';
import { WebhookVerificationError, type WebhookVerificationErrorCode } from '../../errors/webhook-verification-error.js';
import { readHeader } from '../../provider-kit/read-header.js';
import { bytesToHex } from '../../util/base64.js';
import { constantTimeEqual } from '../../util/constant-time-equal.js';
import { parseTwilioFormPairs } from './twilio-form-params.js';
import { twilioHmac } from './twilio-hmac.js';
import { twilioSignedParams } from './twilio-signed-params.js';
import { twilioSignedUrls } from './twilio-signed-urls.js';

/** The header Twilio signs every webhook with. */
export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

/** The parts of a webhook request {@link verifyTwilioSignature} reads. */
export interface TwilioSignedRequest {
  /** The public URL Twilio requested, query string included, exactly as configured at Twilio. */
  url: string;
  /** The request headers (a `Headers`, or a plain record; lookups are case-insensitive either way). */
  headers: Headers | Record<string, string | undefined>;
  /** The raw body as received (form-encoded for voice callbacks, JSON when the URL has `bodySHA256`). */
  rawBody: string;
  /** The HTTP method. `GET` callbacks carry their parameters in the URL, so only the URL is signed. */
  method: string;
}

/**
 * Computes `base64(HMAC-SHA1(key, message))` over the UTF-8 bytes of both: the value Twilio puts in
 * `X-Twilio-Signature` when `message` is the string it signs. May answer synchronously.
 */
export type TwilioHmacSha1 = (key: string, message: string) => string | Promise<string>;

/** Options of {@link verifyTwilioSignature}. */
export interface VerifyTwilioSignatureOptions {
  /**
   * The HMAC-SHA1 to sign with. Default: Web Crypto (`crypto.subtle.sign`), which runs anywhere.
   * On Node a synchronous `node:crypto` HMAC costs a fraction of it (Web Crypto hops through the
   * thread pool for every signature); `@callboard/server` passes one.
   */
  hmacSha1?: TwilioHmacSha1;
}

const encoder = new TextEncoder();

/**
 * Verifies Twilio's `X-Twilio-Signature`: `base64(HMAC-SHA1(authToken, url + params))`, where
 * the params are the POST form parameters sorted by name in code-unit order (none for `GET`).
 * When the URL carries `bodySHA256` (a JSON-bodied webhook) only the URL is signed, and the
 * SHA-256 hex of the raw body must equal that value.
 *
 * Accepts the same URL forms twilio-node does: port removed, default port added, and both with
 * the query re-serialized the legacy `querystring` way. Pass several tokens during an auth-token
 * rotation; each is tried in order. Keys are imported once per token, comparisons are constant-time.
 * `options.hmacSha1` replaces Web Crypto's HMAC (a faster one of the runtime's own).
 *
 * Resolves when the request is genuine; rejects with a `WebhookVerificationError`:
 * `MISSING_SIGNATURE` (no header, or an empty one) or `BAD_SIGNATURE` (no URL form and token
 * match, the body does not match `bodySHA256`, or the URL cannot be parsed). Rejects with
 * `INVALID_ARGUMENT` when no usable token is given. Tokens never appear in errors.
 *
 * @example
 * await verifyTwilioSignature(
 *   { url: 'https://calls.example.com/webhooks/twilio', headers: request.headers, rawBody, method: 'POST' },
 *   process.env.TWILIO_AUTH_TOKEN!,
 * );
 */
export async function verifyTwilioSignature(
  request: TwilioSignedRequest,
  authToken: string | readonly string[],
  options: VerifyTwilioSignatureOptions = {},
): Promise<void> {
  const signature = readHeader(request.headers, TWILIO_SIGNATURE_HEADER);
  if (!signature) throw fail('MISSING_SIGNATURE', `Twilio webhooks carry an ${TWILIO_SIGNATURE_HEADER} header`);
  const tokens = typeof authToken === 'string' ? [authToken] : authToken;
  if (tokens.length === 0 || !tokens.every((token) => typeof token === 'string' && token !== '')) {
    throw new CallboardError({
      code: 'INVALID_ARGUMENT',
      message: 'verifyTwilioSignature needs at least one non-empty auth token',
      details: { provider: 'twilio' },
    });
  }
  const urls = twilioSignedUrls(request.url);
  if (urls === undefined) throw fail('BAD_SIGNATURE', 'The webhook URL cannot be parsed, so no signature can match it');
  const signedParams =
    urls.bodySha256 !== undefined || isBodyless(request.method) ? '' : twilioSignedParams(parseTwilioFormPairs(request.rawBody));

  // Nearly every genuine request matches the first URL form with the first token: try that
  // alone, and only then every other combination at once.
  const hmac = options.hmacSha1 ?? twilioHmac;
  let matched = await matches(hmac, tokens[0]!, urls.candidates[0]! + signedParams, signature);
  if (!matched) {
    const attempts: Array<Promise<boolean>> = [];
    for (const [index, token] of tokens.entries()) {
      for (const [candidateIndex, candidate] of urls.candidates.entries()) {
        if (index > 0 || candidateIndex > 0) attempts.push(matches(hmac, token, candidate + signedParams, signature));
      }
    }
    matched = (await Promise.all(attempts)).includes(true);
  }
  if (!matched) throw fail('BAD_SIGNATURE', 'The signature does not match the URL and parameters for any configured token');

  if (urls.bodySha256 !== undefined) {
    const digest = await crypto.subtle.digest('SHA-256', encoder.encode(request.rawBody));
    if (!constantTimeEqual(bytesToHex(new Uint8Array(digest)), urls.bodySha256)) {
      throw fail('BAD_SIGNATURE', 'The body does not match the bodySHA256 the URL was signed with');
    }
  }
}

async function matches(hmac: TwilioHmacSha1, token: string, message: string, signature: string): Promise<boolean> {
  return constantTimeEqual(await hmac(token, message), signature);
}

function isBodyless(method: string): boolean {
  const upper = method.toUpperCase();
  return upper === 'GET' || upper === 'HEAD';
}

function fail(code: WebhookVerificationErrorCode, message: string): WebhookVerificationError {
  return new WebhookVerificationError({ code, message, provider: 'twilio' });
}
