import { CallboardError } from '../../errors/callboard-error.js';
import { base64ToBytes } from '../../util/base64.js';

const ED25519_PUBLIC_KEY_BYTES = 32;

/**
 * Decodes the account's Telnyx public key (base64 of 32 raw Ed25519 bytes, from Mission Control
 * → Keys & Credentials → Public Key). Throws `INVALID_ARGUMENT` for anything else, so a pasted
 * hex key or a truncated value fails at startup instead of on every webhook.
 */
export function decodeTelnyxPublicKey(publicKey: string): Uint8Array<ArrayBuffer> {
  const bytes = typeof publicKey === 'string' ? base64ToBytes(publicKey) : undefined;
  if (bytes === undefined || bytes.length !== ED25519_PUBLIC_KEY_BYTES) {
    throw new CallboardError({
      code: 'INVALID_ARGUMENT',
      message: `Telnyx publicKey must be the base64 of a ${ED25519_PUBLIC_KEY_BYTES}-byte Ed25519 key`,
      details: { provider: 'telnyx', setting: 'publicKey', decodedBytes: bytes?.length },
    });
  }
  return bytes as Uint8Array<ArrayBuffer>;
}

/**
 * Imports decoded key bytes for `crypto.subtle.verify('Ed25519', ...)`. Import once and reuse the
 * key: importing costs about as much as a verification. Rejects with `UNSUPPORTED` on a runtime
 * whose Web Crypto has no Ed25519.
 */
export async function importTelnyxPublicKey(keyBytes: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey('raw', keyBytes, { name: 'Ed25519' }, false, ['verify']);
  } catch (cause) {
    throw new CallboardError({
      code: 'UNSUPPORTED',
      message: 'This runtime cannot import an Ed25519 key with crypto.subtle',
      cause,
      details: { provider: 'telnyx' },
    });
  }
}
