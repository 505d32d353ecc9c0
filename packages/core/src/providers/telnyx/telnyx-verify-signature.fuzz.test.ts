import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallboardErrorCode } from '../../errors/callboard-error.js';
import { verificationRejection } from '../../provider-kit/__tests__/verification-rejection.js';
import { generateTelnyxTestKeyPair, signTelnyxRequest, type TelnyxSignatureHeaders } from '../../testing/telnyx.js';
import type { Clock } from '../../util/clock.js';
import { decodeTelnyxPublicKey, importTelnyxPublicKey } from './telnyx-public-key.js';
import { verifyTelnyxSignature } from './telnyx-verify-signature.js';

// Garbage into the verifier: it must resolve only for a genuine signature, and otherwise reject
// with a WebhookVerificationError code, never anything else.

const NOW_SEC = 1_780_408_800;
const clock: Clock = { now: () => NOW_SEC * 1000 };
const VERIFICATION_CODES: readonly CallboardErrorCode[] = ['MISSING_SIGNATURE', 'BAD_SIGNATURE', 'STALE_TIMESTAMP'];
const BODY = JSON.stringify({ data: { event_type: 'call.hangup', id: 'e1', occurred_at: '2026-06-02T14:00:00Z', payload: { call_control_id: 'v3:x' } } });

let publicKey: CryptoKey;
let privateKey: CryptoKey;
let genuine: TelnyxSignatureHeaders;

beforeAll(async () => {
  const keys = await generateTelnyxTestKeyPair({ seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60' });
  privateKey = keys.privateKey;
  publicKey = await importTelnyxPublicKey(decodeTelnyxPublicKey(keys.publicKey));
  genuine = await signTelnyxRequest({ rawBody: BODY, privateKey, timestamp: NOW_SEC });
});

/** Resolves to 'valid' or the rejection code; throws on any other kind of rejection. */
async function outcome(headers: Headers | Record<string, string>, rawBody: string): Promise<string> {
  return (await verificationRejection(() => verifyTelnyxSignature({ headers, rawBody }, { publicKey, clock }), VERIFICATION_CODES)) ?? 'valid';
}

function sameBytes(a: string, b: string): boolean {
  const decode = (value: string) => {
    try {
      return atob(value);
    } catch {
      return undefined;
    }
  };
  return a.length === b.length && decode(a) !== undefined && decode(a) === decode(b);
}

const base64Of = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((bytes) => btoa(String.fromCharCode(...bytes)));
const headerValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  base64Of(0, 100),
  base64Of(64, 64),
  fc.integer({ min: NOW_SEC - 400, max: NOW_SEC + 400 }).map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.integer({ min: 1_000, max: 100_000 }).map((length) => 'A'.repeat(length)),
  fc.constantFrom('', ' ', '=', '====', 'NaN', 'Infinity', '1e9', String(NOW_SEC)),
);
const headerName = fc.oneof(
  fc.constantFrom('telnyx-signature-ed25519', 'Telnyx-Signature-Ed25519', 'telnyx-timestamp', 'TELNYX-TIMESTAMP', 'webhook-signature'),
  fc.string(),
);

describe('verifyTelnyxSignature under garbage (fast-check)', () => {
  it('random headers and bodies are rejected with a verification code', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(headerName, headerValue, { maxKeys: 4 }), fc.string({ maxLength: 500 }), async (headers, rawBody) => {
        const result = await outcome(headers, rawBody);
        expect(result).not.toBe('valid');
      }),
      { numRuns: 4_000 },
    );
  });

  it('a random 64-byte signature with a fresh timestamp is BAD_SIGNATURE', async () => {
    await fc.assert(
      fc.asyncProperty(base64Of(64, 64), fc.integer({ min: -300, max: 300 }), async (signature, skew) => {
        const headers = new Headers({ 'telnyx-signature-ed25519': signature, 'telnyx-timestamp': String(NOW_SEC + skew) });
        expect(await outcome(headers, BODY)).toBe('BAD_SIGNATURE');
      }),
      { numRuns: 3_000 },
    );
  });

  it('any change to the body, the timestamp or the signature of a genuine request is rejected', async () => {
    const changed = fc.oneof(
      fc.record({ part: fc.constant('body' as const), at: fc.nat(), text: fc.string({ minLength: 1, maxLength: 3 }) }),
      fc.record({ part: fc.constant('signature' as const), at: fc.nat(), text: fc.constantFrom('A', 'B', '/', '+', '0') }),
      fc.record({ part: fc.constant('timestamp' as const), at: fc.nat(), text: fc.constantFrom('0', '1', '9') }),
    );
    await fc.assert(
      fc.asyncProperty(changed, async ({ part, at, text }) => {
        const edit = (value: string) => {
          const index = at % (value.length + 1);
          return value.slice(0, index) + text + value.slice(index + (part === 'body' ? 0 : 1));
        };
        const signature = part === 'signature' ? edit(genuine['telnyx-signature-ed25519']) : genuine['telnyx-signature-ed25519'];
        const timestamp = part === 'timestamp' ? edit(genuine['telnyx-timestamp']) : genuine['telnyx-timestamp'];
        const rawBody = part === 'body' ? edit(BODY) : BODY;
        // base64 decoders ignore the unused low bits of the last digit, so an edit there can spell
        // the very same signature bytes; that is not a change to the signature.
        fc.pre(!sameBytes(signature, genuine['telnyx-signature-ed25519']) || timestamp !== genuine['telnyx-timestamp'] || rawBody !== BODY);
        const result = await outcome({ 'telnyx-signature-ed25519': signature, 'telnyx-timestamp': timestamp }, rawBody);
        expect(result).not.toBe('valid');
      }),
      { numRuns: 3_000 },
    );
  });

  it('the genuine request itself is accepted (so the properties above are not vacuous)', async () => {
    expect(await outcome({ ...genuine }, BODY)).toBe('valid');
  });
});
