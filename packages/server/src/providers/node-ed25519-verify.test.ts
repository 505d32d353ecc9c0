import { decodeTelnyxPublicKey, importTelnyxPublicKey } from '@callboard/core/telnyx';
import { generateTelnyxTestKeyPair, signTelnyxRequest } from '@callboard/core/testing';
import { describe, expect, it } from 'vitest';
import { nodeEd25519Verify } from './node-ed25519-verify.js';

const encoder = new TextEncoder();

describe('nodeEd25519Verify', () => {
  it('agrees with crypto.subtle.verify on genuine and altered signatures', async () => {
    const keys = await generateTelnyxTestKeyPair({ seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60' });
    const other = await generateTelnyxTestKeyPair();
    const publicKey = await importTelnyxPublicKey(decodeTelnyxPublicKey(keys.publicKey));
    const otherKey = await importTelnyxPublicKey(decodeTelnyxPublicKey(other.publicKey));
    for (const rawBody of ['', '{"data":{"event_type":"call.hangup"}}', 'é'.repeat(300)]) {
      const headers = await signTelnyxRequest({ rawBody, privateKey: keys.privateKey, timestamp: 1_780_408_800 });
      const signature = Uint8Array.from(Buffer.from(headers['telnyx-signature-ed25519']!, 'base64'));
      const message = encoder.encode(`1780408800|${rawBody}`);
      const altered = Uint8Array.from(signature, (byte, index) => (index === 10 ? byte ^ 1 : byte));
      for (const [key, sig, msg] of [
        [publicKey, signature, message],
        [publicKey, altered, message],
        [publicKey, signature, encoder.encode(`1780408801|${rawBody}`)],
        [otherKey, signature, message],
      ] as const) {
        expect(nodeEd25519Verify(key, sig, msg)).toBe(await crypto.subtle.verify('Ed25519', key, sig, msg));
      }
      expect(nodeEd25519Verify(publicKey, signature, message)).toBe(true);
    }
  });
});
