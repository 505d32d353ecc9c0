import { KeyObject, verify } from 'node:crypto';

// One KeyObject per imported key: converting a CryptoKey costs about as much as a verification.
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

/**
 * An Ed25519 signature check with Node's synchronous `node:crypto`, for the Telnyx adapter's
 * `ed25519Verify` setting. Web Crypto, the adapter's default, hops through libuv's thread pool for
 * every signature. The providers `callboard start` creates use it.
 *
 * @example
 * const telnyx = createTelnyx({ apiKey, publicKey, connectionId, ed25519Verify: nodeEd25519Verify });
 */
export function nodeEd25519Verify(publicKey: CryptoKey, signature: Uint8Array, message: Uint8Array): boolean {
  let key = keyObjects.get(publicKey);
  if (!key) {
    key = KeyObject.from(publicKey);
    keyObjects.set(publicKey, key);
  }
  return verify(null, message, key, signature);
}
