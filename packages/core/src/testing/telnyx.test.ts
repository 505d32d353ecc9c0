import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CallboardError } from '../errors/callboard-error.js';
import { buildTelnyxEvent, generateTelnyxTestKeyPair, signTelnyxRequest } from './telnyx.js';

const RFC8032_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC8032_PUBLIC_KEY_HEX = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const RFC8032_EMPTY_MESSAGE_SIGNATURE =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

/** Node's own Ed25519 verification: an oracle independent of Web Crypto and of the helper. */
function nodeVerifies(publicKeyBase64: string, message: string, signatureBase64: string): boolean {
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKeyBase64, 'base64')]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return nodeVerify(null, Buffer.from(message), key, Buffer.from(signatureBase64, 'base64'));
}

describe('generateTelnyxTestKeyPair', () => {
  it('derives RFC 8032 test 1 from its seed, and signs like it', async () => {
    const keys = await generateTelnyxTestKeyPair({ seed: RFC8032_SEED });
    expect(Buffer.from(keys.publicKey, 'base64').toString('hex')).toBe(RFC8032_PUBLIC_KEY_HEX);
    expect(keys.seed).toBe(RFC8032_SEED);
    const signature = new Uint8Array(await crypto.subtle.sign('Ed25519', keys.privateKey, new Uint8Array()));
    expect(Buffer.from(signature).toString('hex')).toBe(RFC8032_EMPTY_MESSAGE_SIGNATURE);
  });

  it('accepts the seed as bytes too', async () => {
    const keys = await generateTelnyxTestKeyPair({ seed: Buffer.from(RFC8032_SEED, 'hex') });
    expect(Buffer.from(keys.publicKey, 'base64').toString('hex')).toBe(RFC8032_PUBLIC_KEY_HEX);
  });

  it('makes a new pair on each call without a seed', async () => {
    const [a, b] = await Promise.all([generateTelnyxTestKeyPair(), generateTelnyxTestKeyPair()]);
    expect(a.publicKey).not.toBe(b.publicKey);
    expect(atob(a.publicKey)).toHaveLength(32);
  });

  it.each([['too short', 'abcd'], ['not hex', 'zz'.repeat(32)], ['33 bytes', 'ab'.repeat(33)]])('refuses a seed that is %s', async (_, seed) => {
    await expect(generateTelnyxTestKeyPair({ seed })).rejects.toSatisfy((error) => CallboardError.isInstance(error) && error.code === 'INVALID_ARGUMENT');
  });
});

describe('signTelnyxRequest', () => {
  it('signs `timestamp|body` so that Node\'s own Ed25519 verify accepts it', async () => {
    const keys = await generateTelnyxTestKeyPair({ seed: RFC8032_SEED });
    const rawBody = JSON.stringify(buildTelnyxEvent('call.hangup', { hangup_cause: 'user_busy' }, { id: 'e1', occurredAt: '2026-06-02T14:00:00Z' }));
    const headers = await signTelnyxRequest({ rawBody, privateKey: keys.privateKey, timestamp: 1_780_408_800 });
    expect(headers['telnyx-timestamp']).toBe('1780408800');
    expect(nodeVerifies(keys.publicKey, `1780408800|${rawBody}`, headers['telnyx-signature-ed25519'])).toBe(true);
    expect(nodeVerifies(keys.publicKey, rawBody, headers['telnyx-signature-ed25519'])).toBe(false);
  });

  it('gives the same signature from the seed as from the private key', async () => {
    const keys = await generateTelnyxTestKeyPair({ seed: RFC8032_SEED });
    const fromKey = await signTelnyxRequest({ rawBody: '{}', privateKey: keys.privateKey, timestamp: 1 });
    const fromSeed = await signTelnyxRequest({ rawBody: '{}', seed: RFC8032_SEED, timestamp: 1 });
    expect(fromSeed).toEqual(fromKey);
  });

  it.each([[1.5], [-1], [Number.NaN]])('refuses the timestamp %s', async (timestamp) => {
    await expect(signTelnyxRequest({ rawBody: '{}', seed: RFC8032_SEED, timestamp })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('buildTelnyxEvent', () => {
  it('wraps a payload in the Call Control envelope over a plausible call', () => {
    const body = buildTelnyxEvent('call.hangup', { hangup_cause: 'timeout', to: '+15557654321' }, { id: 'evt-9', occurredAt: new Date('2026-06-02T14:00:00Z') });
    expect(body).toEqual({
      data: {
        record_type: 'event',
        event_type: 'call.hangup',
        id: 'evt-9',
        occurred_at: '2026-06-02T14:00:00.000Z',
        payload: {
          call_control_id: expect.any(String),
          call_leg_id: expect.any(String),
          call_session_id: expect.any(String),
          connection_id: expect.any(String),
          client_state: null,
          from: '+15550001111',
          to: '+15557654321',
          hangup_cause: 'timeout',
        },
      },
      meta: { attempt: 1, delivered_to: expect.any(String) },
    });
  });

  it('gives each event its own id by default', () => {
    expect(buildTelnyxEvent('call.answered').data.id).not.toBe(buildTelnyxEvent('call.answered').data.id);
  });
});
