import { createHmac } from 'node:crypto';

/**
 * `base64(HMAC-SHA1(key, message))` over UTF-8 with Node's synchronous `node:crypto`, for the
 * Twilio adapter's `hmacSha1` setting. Web Crypto, the adapter's default, hops through libuv's
 * thread pool for every signature; this costs a few microseconds on the thread that asks. The
 * providers `callboard start` creates use it.
 *
 * @example
 * const twilio = createTwilio({ accountSid, authToken, hmacSha1: nodeHmacSha1 });
 */
export function nodeHmacSha1(key: string, message: string): string {
  return createHmac('sha1', key).update(message, 'utf8').digest('base64');
}
