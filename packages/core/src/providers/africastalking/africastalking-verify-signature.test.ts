import { describe, expect, it } from 'vitest';
import { rejectionCode } from '../../provider-kit/__tests__/callboard-error-of.js';
import { buildAfricasTalkingCallback } from '../../testing/africastalking.js';
import { verifyAfricasTalkingRequest } from './africastalking-verify-signature.js';

const TOKEN = 'tok_3b9f1c27e8d54a06b1f2c9e7d4a8b360';
const inbound = { isActive: 1, sessionId: 'ATVId_in', direction: 'Inbound', callerNumber: '+254711823456' };
const outbound = { isActive: 1, sessionId: 'ATVId_out', direction: 'Outbound', callerNumber: '+254722345678' };

describe('verifyAfricasTalkingRequest', () => {
  it('accepts the right token', async () => {
    const callback = buildAfricasTalkingCallback(inbound, { token: TOKEN });
    await expect(verifyAfricasTalkingRequest(callback, { callbackToken: TOKEN })).resolves.toBeUndefined();
  });

  it('rejects a callback without a token with BAD_TOKEN', async () => {
    const callback = buildAfricasTalkingCallback(inbound);
    expect(await rejectionCode(verifyAfricasTalkingRequest(callback, { callbackToken: TOKEN }))).toBe('BAD_TOKEN');
  });

  it('rejects an empty token with BAD_TOKEN', async () => {
    const callback = buildAfricasTalkingCallback(inbound, { token: '' });
    expect(await rejectionCode(verifyAfricasTalkingRequest(callback, { callbackToken: TOKEN }))).toBe('BAD_TOKEN');
  });

  it.each([
    ['another token', 'tok_0000000000000000000000000000000'],
    ['a prefix of the token', TOKEN.slice(0, -1)],
    ['the token plus a character', `${TOKEN}0`],
    ['the token in another case', TOKEN.toUpperCase()],
  ])('rejects %s with BAD_TOKEN', async (_, token) => {
    const callback = buildAfricasTalkingCallback(inbound, { token });
    expect(await rejectionCode(verifyAfricasTalkingRequest(callback, { callbackToken: TOKEN }))).toBe('BAD_TOKEN');
  });

  it('rejects a URL that carries the token twice (one right, one wrong) with BAD_TOKEN', async () => {
    const callback = buildAfricasTalkingCallback(inbound, { token: TOKEN });
    const twice = { ...callback, url: `${callback.url}&token=wrong` };
    expect(await rejectionCode(verifyAfricasTalkingRequest(twice, { callbackToken: TOKEN }))).toBe('BAD_TOKEN');
  });

  it('rejects a relative URL with BAD_TOKEN, since no token can be read from it', async () => {
    const callback = buildAfricasTalkingCallback(inbound, { token: TOKEN });
    const relative = { ...callback, url: `/webhooks/africastalking?token=${TOKEN}` };
    expect(await rejectionCode(verifyAfricasTalkingRequest(relative, { callbackToken: TOKEN }))).toBe('BAD_TOKEN');
  });

  it('does not read a token from the body', async () => {
    const callback = buildAfricasTalkingCallback({ ...inbound, token: TOKEN });
    expect(await rejectionCode(verifyAfricasTalkingRequest(callback, { callbackToken: TOKEN }))).toBe('BAD_TOKEN');
  });

  it('accepts any token of a rotation list and rejects others', async () => {
    const options = { callbackToken: ['tok_new_5a1d9c0e7b3f42d8a6c1', TOKEN] };
    await expect(verifyAfricasTalkingRequest(buildAfricasTalkingCallback(inbound, { token: TOKEN }), options)).resolves.toBeUndefined();
    await expect(
      verifyAfricasTalkingRequest(buildAfricasTalkingCallback(inbound, { token: 'tok_new_5a1d9c0e7b3f42d8a6c1' }), options),
    ).resolves.toBeUndefined();
    expect(await rejectionCode(verifyAfricasTalkingRequest(buildAfricasTalkingCallback(inbound, { token: 'tok_old' }), options))).toBe(
      'BAD_TOKEN',
    );
  });

  it('refuses to run without a configured token (INVALID_ARGUMENT, not a verification failure)', async () => {
    const callback = buildAfricasTalkingCallback(inbound, { token: '' });
    expect(await rejectionCode(verifyAfricasTalkingRequest(callback, { callbackToken: '' }))).toBe('INVALID_ARGUMENT');
    expect(await rejectionCode(verifyAfricasTalkingRequest(callback, { callbackToken: [] }))).toBe('INVALID_ARGUMENT');
  });

  describe('with isKnownSession', () => {
    const known = new Set(['ATVId_out']);
    const isKnownSession = async (sessionId: string) => known.has(sessionId);

    it('accepts an outbound callback for a session we placed', async () => {
      const callback = buildAfricasTalkingCallback(outbound, { token: TOKEN });
      await expect(verifyAfricasTalkingRequest(callback, { callbackToken: TOKEN, isKnownSession })).resolves.toBeUndefined();
    });

    it('rejects an outbound callback for an unknown session with UNKNOWN_SESSION', async () => {
      const callback = buildAfricasTalkingCallback({ ...outbound, sessionId: 'ATVId_forged' }, { token: TOKEN });
      expect(await rejectionCode(verifyAfricasTalkingRequest(callback, { callbackToken: TOKEN, isKnownSession }))).toBe(
        'UNKNOWN_SESSION',
      );
    });

    it('rejects an outbound callback without a sessionId with UNKNOWN_SESSION', async () => {
      const callback = buildAfricasTalkingCallback({ ...outbound, sessionId: undefined }, { token: TOKEN });
      expect(await rejectionCode(verifyAfricasTalkingRequest(callback, { callbackToken: TOKEN, isKnownSession }))).toBe(
        'UNKNOWN_SESSION',
      );
    });

    it('checks the direction in any letter case', async () => {
      const callback = buildAfricasTalkingCallback({ ...outbound, direction: 'OUTBOUND', sessionId: 'ATVId_x' }, { token: TOKEN });
      expect(await rejectionCode(verifyAfricasTalkingRequest(callback, { callbackToken: TOKEN, isKnownSession }))).toBe(
        'UNKNOWN_SESSION',
      );
    });

    it('does not ask about inbound sessions, which cannot be known in advance', async () => {
      let asked = 0;
      const counting = (sessionId: string) => {
        asked++;
        return known.has(sessionId);
      };
      const callback = buildAfricasTalkingCallback(inbound, { token: TOKEN });
      await expect(verifyAfricasTalkingRequest(callback, { callbackToken: TOKEN, isKnownSession: counting })).resolves.toBeUndefined();
      expect(asked).toBe(0);
    });

    it('checks the token before the session, so a forged request never reaches the lookup', async () => {
      let asked = 0;
      const counting = () => {
        asked++;
        return true;
      };
      const callback = buildAfricasTalkingCallback(outbound, { token: 'wrong' });
      expect(await rejectionCode(verifyAfricasTalkingRequest(callback, { callbackToken: TOKEN, isKnownSession: counting }))).toBe(
        'BAD_TOKEN',
      );
      expect(asked).toBe(0);
    });

    it('lets an error of the lookup itself propagate unchanged', async () => {
      const failure = new Error('database down');
      const callback = buildAfricasTalkingCallback(outbound, { token: TOKEN });
      await expect(
        verifyAfricasTalkingRequest(callback, {
          callbackToken: TOKEN,
          isKnownSession: () => Promise.reject(failure),
        }),
      ).rejects.toBe(failure);
    });
  });
});
