import { beforeAll, describe, expect, it } from 'vitest';
import { rejectionCode } from '../../provider-kit/__tests__/callboard-error-of.js';
import { generateTelnyxTestKeyPair, signTelnyxRequest, type TelnyxTestKeyPair } from '../../testing/telnyx.js';
import type { Clock } from '../../util/clock.js';
import { decodeTelnyxPublicKey, importTelnyxPublicKey } from './telnyx-public-key.js';
import { verifyTelnyxSignature } from './telnyx-verify-signature.js';

// RFC 8032 §7.1 test 1: a fixed Ed25519 key pair, so every run checks the same bytes.
const RFC8032_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC8032_PUBLIC_KEY_BASE64 = '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
const OTHER_SEED = '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb';

// A known-answer vector, signed with Node's own crypto.sign (not the helper under test).
const KAT_TIMESTAMP = 1_780_408_810;
const KAT_BODY =
  '{"data":{"event_type":"call.answered","id":"c7c5b2ae-2f0e-4a8b-9d33-6b8d1a2e0b02","occurred_at":"2026-06-02T14:00:09.801337Z","payload":{"call_control_id":"v3:abc","state":"answered"},"record_type":"event"}}';
const KAT_SIGNATURE = 'B4NZfUw2ii+q3nQHzYc45f0tbgBM/LRPxy+dkBcUKvP2BaA0hZy0bg0SPR2TKoQqoO4JN05HOFD+YgnAfAhtCA==';

const NOW_SEC = KAT_TIMESTAMP + 5;
const clock: Clock = { now: () => NOW_SEC * 1000 };

let keys: TelnyxTestKeyPair;
let publicKey: CryptoKey;

beforeAll(async () => {
  keys = await generateTelnyxTestKeyPair({ seed: RFC8032_SEED });
  publicKey = await importTelnyxPublicKey(decodeTelnyxPublicKey(keys.publicKey));
});

function verify(headers: Record<string, string> | Headers, rawBody = KAT_BODY, key: CryptoKey | CryptoKey[] = publicKey) {
  return verifyTelnyxSignature({ headers, rawBody }, { publicKey: key, clock });
}

function katHeaders(overrides: Record<string, string> = {}): Record<string, string> {
  return { 'telnyx-signature-ed25519': KAT_SIGNATURE, 'telnyx-timestamp': String(KAT_TIMESTAMP), ...overrides };
}

describe('verifyTelnyxSignature', () => {
  it('derives the RFC 8032 test 1 public key from its seed', () => {
    expect(keys.publicKey).toBe(RFC8032_PUBLIC_KEY_BASE64);
  });

  it('accepts the known-answer vector signed by an independent implementation', async () => {
    await expect(verify(katHeaders())).resolves.toBeUndefined();
  });

  it('accepts a signature made with the test helper', async () => {
    const rawBody = '{"data":{"event_type":"call.hangup","id":"x","occurred_at":"2026-06-02T14:00:00Z","payload":{}}}';
    const headers = await signTelnyxRequest({ rawBody, privateKey: keys.privateKey, timestamp: NOW_SEC });
    await expect(verify(headers, rawBody)).resolves.toBeUndefined();
  });

  it('reads header names case-insensitively, from a Headers or a plain record', async () => {
    const mixedCase = { 'Telnyx-Signature-Ed25519': KAT_SIGNATURE, 'TELNYX-TIMESTAMP': String(KAT_TIMESTAMP) };
    await expect(verify(mixedCase)).resolves.toBeUndefined();
    await expect(verify(new Headers(mixedCase))).resolves.toBeUndefined();
  });

  it('rejects a tampered body', async () => {
    expect(await rejectionCode(verify(katHeaders(), KAT_BODY.replace('call.answered', 'call.hangup')))).toBe('BAD_SIGNATURE');
    expect(await rejectionCode(verify(katHeaders(), `${KAT_BODY} `))).toBe('BAD_SIGNATURE');
  });

  it('rejects a body re-serialized with different whitespace', async () => {
    const reformatted = JSON.stringify(JSON.parse(KAT_BODY), null, 2);
    expect(await rejectionCode(verify(katHeaders(), reformatted))).toBe('BAD_SIGNATURE');
  });

  it('rejects a signature made with another key', async () => {
    const headers = await signTelnyxRequest({ rawBody: KAT_BODY, seed: OTHER_SEED, timestamp: KAT_TIMESTAMP });
    expect(await rejectionCode(verify(headers))).toBe('BAD_SIGNATURE');
  });

  it('rejects a valid signature checked against the wrong public key', async () => {
    const other = await generateTelnyxTestKeyPair({ seed: OTHER_SEED });
    const otherKey = await importTelnyxPublicKey(decodeTelnyxPublicKey(other.publicKey));
    expect(await rejectionCode(verify(katHeaders(), KAT_BODY, otherKey))).toBe('BAD_SIGNATURE');
  });

  it('accepts a signature valid under any of several keys during a rotation', async () => {
    const other = await generateTelnyxTestKeyPair({ seed: OTHER_SEED });
    const otherKey = await importTelnyxPublicKey(decodeTelnyxPublicKey(other.publicKey));
    await expect(verify(katHeaders(), KAT_BODY, [otherKey, publicKey])).resolves.toBeUndefined();
    expect(await rejectionCode(verify(katHeaders(), KAT_BODY, [otherKey]))).toBe('BAD_SIGNATURE');
    expect(await rejectionCode(verify(katHeaders(), KAT_BODY, []))).toBe('BAD_SIGNATURE');
  });

  it('rejects a signature moved to another timestamp inside the window', async () => {
    expect(await rejectionCode(verify(katHeaders({ 'telnyx-timestamp': String(KAT_TIMESTAMP + 1) })))).toBe('BAD_SIGNATURE');
  });

  it('accepts a timestamp exactly 300 s old or ahead', async () => {
    for (const timestamp of [NOW_SEC - 300, NOW_SEC + 300]) {
      const headers = await signTelnyxRequest({ rawBody: KAT_BODY, privateKey: keys.privateKey, timestamp });
      await expect(verify(headers)).resolves.toBeUndefined();
    }
  });

  it('rejects a correctly signed timestamp 301 s old as STALE_TIMESTAMP', async () => {
    const headers = await signTelnyxRequest({ rawBody: KAT_BODY, privateKey: keys.privateKey, timestamp: NOW_SEC - 301 });
    expect(await rejectionCode(verify(headers))).toBe('STALE_TIMESTAMP');
  });

  it('rejects a correctly signed timestamp 301 s in the future as STALE_TIMESTAMP', async () => {
    const headers = await signTelnyxRequest({ rawBody: KAT_BODY, privateKey: keys.privateKey, timestamp: NOW_SEC + 301 });
    expect(await rejectionCode(verify(headers))).toBe('STALE_TIMESTAMP');
  });

  it('checks the window before the signature', async () => {
    const garbage = btoa('x'.repeat(64));
    expect(await rejectionCode(verify(katHeaders({ 'telnyx-signature-ed25519': garbage, 'telnyx-timestamp': String(NOW_SEC - 1000) })))).toBe(
      'STALE_TIMESTAMP',
    );
  });

  it('honours a custom tolerance', async () => {
    const headers = await signTelnyxRequest({ rawBody: KAT_BODY, privateKey: keys.privateKey, timestamp: NOW_SEC - 20 });
    const outcome = verifyTelnyxSignature({ headers, rawBody: KAT_BODY }, { publicKey, clock, toleranceSec: 10 });
    expect(await rejectionCode(outcome)).toBe('STALE_TIMESTAMP');
  });

  it.each([
    ['not base64', '!!!not-base64!!!'],
    ['base64 of 63 bytes', btoa('x'.repeat(63))],
    ['base64 of 65 bytes', btoa('x'.repeat(65))],
    ['the hex encoding Telnyx SDK 4.0.0 wrongly used', Array.from(atob(KAT_SIGNATURE), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('')],
    ['a truncated signature', KAT_SIGNATURE.slice(0, 40)],
  ])('rejects a signature header that is %s as BAD_SIGNATURE', async (_, signature) => {
    expect(await rejectionCode(verify(katHeaders({ 'telnyx-signature-ed25519': signature })))).toBe('BAD_SIGNATURE');
  });

  it.each([['-1'], ['1780408810.5'], ['17804O8810'], ['0x6a1e3f10']])('rejects the timestamp %s as BAD_SIGNATURE', async (timestamp) => {
    expect(await rejectionCode(verify(katHeaders({ 'telnyx-timestamp': timestamp })))).toBe('BAD_SIGNATURE');
  });

  it.each([
    ['no headers at all', {}],
    ['no signature header', { 'telnyx-timestamp': String(KAT_TIMESTAMP) }],
    ['no timestamp header', { 'telnyx-signature-ed25519': KAT_SIGNATURE }],
    ['empty headers', { 'telnyx-signature-ed25519': '', 'telnyx-timestamp': '' }],
  ])('rejects %s as MISSING_SIGNATURE', async (_, headers: Record<string, string>) => {
    expect(await rejectionCode(verify(headers))).toBe('MISSING_SIGNATURE');
  });

  it('fails closed when the clock is broken', async () => {
    const broken = verifyTelnyxSignature({ headers: katHeaders(), rawBody: KAT_BODY }, { publicKey, clock: { now: () => Number.NaN } });
    expect(await rejectionCode(broken)).toBe('STALE_TIMESTAMP');
  });

  it('checks with the ed25519Verify it is given instead of Web Crypto, and fails closed when it throws', async () => {
    const seen: Array<[CryptoKey, string]> = [];
    const ed25519Verify = (key: CryptoKey, signature: Uint8Array, message: Uint8Array) => {
      seen.push([key, new TextDecoder().decode(message)]);
      return signature.length === 64;
    };
    await expect(verifyTelnyxSignature({ headers: katHeaders(), rawBody: KAT_BODY }, { publicKey, clock, ed25519Verify })).resolves.toBeUndefined();
    expect(seen).toEqual([[publicKey, `${KAT_TIMESTAMP}|${KAT_BODY}`]]);
    const refusing = () => false;
    expect(await rejectionCode(verifyTelnyxSignature({ headers: katHeaders(), rawBody: KAT_BODY }, { publicKey, clock, ed25519Verify: refusing }))).toBe('BAD_SIGNATURE');
    const throwing = () => {
      throw new Error('unusable key');
    };
    expect(await rejectionCode(verifyTelnyxSignature({ headers: katHeaders(), rawBody: KAT_BODY }, { publicKey, clock, ed25519Verify: throwing }))).toBe('BAD_SIGNATURE');
  });
});

