import { bytesToBase64 } from '../../util/base64.js';

interface CachedKey {
  pending: Promise<CryptoKey>;
  key: CryptoKey | undefined;
}

const encoder = new TextEncoder();
// Importing a key costs about as much as signing with it, so each token is imported once.
// The cache is bounded so that a caller passing ever-new tokens cannot grow it.
const MAX_CACHED_KEYS = 16;
const keys = new Map<string, CachedKey>();

/**
 * `base64(HMAC-SHA1(key = authToken, message))` over UTF-8, through `crypto.subtle`: the value
 * Twilio puts in `X-Twilio-Signature` when `message` is the string it signs. Rejects when the
 * runtime cannot import the token as a key (an empty token).
 *
 * @example
 * await twilioHmac('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDE...');
 */
export async function twilioHmac(authToken: string, message: string): Promise<string> {
  const cached = keys.get(authToken) ?? importKey(authToken);
  const key = cached.key ?? (await cached.pending);
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(message));
  return bytesToBase64(new Uint8Array(mac));
}

function importKey(authToken: string): CachedKey {
  const pending = crypto.subtle.importKey('raw', encoder.encode(authToken), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const entry: CachedKey = { pending, key: undefined };
  if (keys.size >= MAX_CACHED_KEYS) keys.delete(keys.keys().next().value!);
  keys.set(authToken, entry);
  pending.then(
    (key) => {
      entry.key = key;
    },
    () => {
      if (keys.get(authToken) === entry) keys.delete(authToken);
    },
  );
  return entry;
}
