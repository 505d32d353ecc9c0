import { WebhookVerificationError, type WebhookVerificationErrorCode } from '../../errors/webhook-verification-error.js';
import { readHeader } from '../../provider-kit/read-header.js';
import { base64ToBytes } from '../../util/base64.js';
import type { Clock } from '../../util/clock.js';

/** The header carrying the base64 Ed25519 signature. */
export const TELNYX_SIGNATURE_HEADER = 'telnyx-signature-ed25519';
/** The header carrying the Unix time (seconds) the webhook was signed at. */
export const TELNYX_TIMESTAMP_HEADER = 'telnyx-timestamp';
/** Telnyx's own SDKs accept webhooks signed at most this many seconds before or after now. */
export const TELNYX_DEFAULT_TOLERANCE_SEC = 300;

const ED25519_SIGNATURE_BYTES = 64;
const encoder = new TextEncoder();

/** The parts of a webhook request {@link verifyTelnyxSignature} reads. */
export interface TelnyxSignedRequest {
  /** The request headers (a `Headers`, or a plain record; lookups are case-insensitive either way). */
  headers: Headers | Record<string, string | undefined>;
  /** The raw request body, exactly as received. */
  rawBody: string;
}

/**
 * Checks one Ed25519 signature over `message` with an imported public key; true when it matches.
 * May throw on a key it cannot use (that fails the verification as `BAD_SIGNATURE`).
 */
export type TelnyxEd25519Verify = (publicKey: CryptoKey, signature: Uint8Array, message: Uint8Array) => boolean | Promise<boolean>;

/** Options of {@link verifyTelnyxSignature}. */
export interface VerifyTelnyxSignatureOptions {
  /**
   * The account's public key, imported once with `importTelnyxPublicKey`. Pass several during a
   * key rotation; a signature valid under any of them is accepted.
   */
  publicKey: CryptoKey | readonly CryptoKey[];
  /** The time source the timestamp window is checked against. */
  clock: Clock;
  /** How far (seconds) the signed timestamp may be from now, past or future. Default 300. */
  toleranceSec?: number;
  /**
   * The Ed25519 check. Default: Web Crypto (`crypto.subtle.verify`), which runs anywhere. On Node
   * a synchronous `node:crypto` verify is cheaper per webhook (Web Crypto hops through the thread
   * pool for every signature); `@callboard/server` exports `nodeEd25519Verify`.
   */
  ed25519Verify?: TelnyxEd25519Verify;
}

const subtleEd25519Verify: TelnyxEd25519Verify = (publicKey, signature, message) =>
  crypto.subtle.verify('Ed25519', publicKey, signature as Uint8Array<ArrayBuffer>, message as Uint8Array<ArrayBuffer>);

/**
 * Verifies a Telnyx Call Control webhook: an Ed25519 signature over the UTF-8 bytes of
 * `` `${telnyx-timestamp}|${rawBody}` ``, with the timestamp no more than `toleranceSec` away
 * from now in either direction. The window is checked first, so a replayed body costs no
 * signature check.
 *
 * Resolves when the webhook is genuine; rejects with a `WebhookVerificationError`:
 * `MISSING_SIGNATURE` (a header is absent or empty), `STALE_TIMESTAMP` (outside the window),
 * `BAD_SIGNATURE` (a timestamp that is not Unix seconds, a signature that is not base64 of
 * 64 bytes, or one that does not match). `options.ed25519Verify` replaces Web Crypto's check (a
 * faster one of the runtime's own).
 *
 * @example
 * const publicKey = await importTelnyxPublicKey(decodeTelnyxPublicKey(process.env.TELNYX_PUBLIC_KEY!));
 * await verifyTelnyxSignature({ headers: request.headers, rawBody }, { publicKey, clock: systemClock });
 */
export async function verifyTelnyxSignature(request: TelnyxSignedRequest, options: VerifyTelnyxSignatureOptions): Promise<void> {
  const signatureHeader = readHeader(request.headers, TELNYX_SIGNATURE_HEADER)?.trim();
  const timestampHeader = readHeader(request.headers, TELNYX_TIMESTAMP_HEADER)?.trim();
  if (!signatureHeader || !timestampHeader) {
    throw fail('MISSING_SIGNATURE', `Telnyx webhooks carry ${TELNYX_SIGNATURE_HEADER} and ${TELNYX_TIMESTAMP_HEADER}`);
  }
  if (!/^\d{1,15}$/.test(timestampHeader)) {
    throw fail('BAD_SIGNATURE', `${TELNYX_TIMESTAMP_HEADER} is not Unix seconds`);
  }
  const toleranceSec = options.toleranceSec ?? TELNYX_DEFAULT_TOLERANCE_SEC;
  const nowSec = options.clock.now() / 1000;
  // Written so that a NaN clock or tolerance fails closed.
  if (!(Math.abs(nowSec - Number(timestampHeader)) <= toleranceSec)) {
    throw fail('STALE_TIMESTAMP', `${TELNYX_TIMESTAMP_HEADER} is more than ${toleranceSec} s from now`);
  }
  const signature = base64ToBytes(signatureHeader);
  if (signature === undefined || signature.length !== ED25519_SIGNATURE_BYTES) {
    throw fail('BAD_SIGNATURE', `${TELNYX_SIGNATURE_HEADER} is not the base64 of a 64-byte signature`);
  }
  // The timestamp is signed as sent (its exact digits), and the body as received, never re-serialized.
  const message = encoder.encode(`${timestampHeader}|${request.rawBody}`);
  const keys = Array.isArray(options.publicKey) ? (options.publicKey as readonly CryptoKey[]) : [options.publicKey as CryptoKey];
  const ed25519Verify = options.ed25519Verify ?? subtleEd25519Verify;
  for (const key of keys) {
    let valid: boolean;
    try {
      valid = await ed25519Verify(key, signature, message);
    } catch (cause) {
      throw fail('BAD_SIGNATURE', 'The signature could not be checked', cause);
    }
    if (valid) return;
  }
  throw fail('BAD_SIGNATURE', 'The signature does not match the body and timestamp');
}

function fail(code: WebhookVerificationErrorCode, message: string, cause?: unknown): WebhookVerificationError {
  return new WebhookVerificationError({ code, message, provider: 'telnyx', cause });
}
