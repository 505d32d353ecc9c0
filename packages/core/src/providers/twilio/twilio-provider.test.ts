import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CallboardError } from '../../errors/callboard-error.js';
import type { WebhookRequest } from '../../provider/call-provider.js';
import { twilioFixtures } from './__fixtures__/twilio-fixtures.js';
import { createTwilio, type TwilioProviderSettings } from './twilio-provider.js';

const ACCOUNT_SID = 'AC9f3c1e7a2b4d6f8091a3c5e7b9d1f2a4';
const WEBHOOK_URL = 'https://calls.example.com/webhooks/twilio';

async function signed(rawBody: string, token: string): Promise<WebhookRequest> {
  // Signed by hand from the algorithm, independently of the adapter's own signer.
  const message = WEBHOOK_URL + [...new URLSearchParams(rawBody)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, value]) => name + value).join('');
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(token), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message)));
  const signature = btoa(String.fromCharCode(...mac));
  return { method: 'POST', url: WEBHOOK_URL, rawBody, headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }) };
}

function settingsError(settings: unknown): CallboardError {
  try {
    createTwilio(settings as TwilioProviderSettings);
  } catch (error) {
    if (CallboardError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('createTwilio accepted the settings');
}

describe('createTwilio', () => {
  it('is a v1 provider with id twilio', () => {
    const twilio = createTwilio({ accountSid: ACCOUNT_SID, authToken: 'token' });
    expect(twilio.id).toBe('twilio');
    expect(twilio.specificationVersion).toBe('v1');
  });

  it('answers webhooks with an empty TwiML document', () => {
    expect(createTwilio({ accountSid: ACCOUNT_SID, authToken: 'token' }).webhookReply()).toEqual({
      status: 200,
      contentType: 'text/xml',
      body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
    });
  });

  it.each([
    ['no auth token', { accountSid: ACCOUNT_SID }, 'authToken'],
    ['an empty account SID', { accountSid: '', authToken: 'token' }, 'accountSid'],
    ['a base URL that is not http(s)', { accountSid: ACCOUNT_SID, authToken: 'token', baseUrl: 'ftp://api.twilio.com' }, 'baseUrl'],
    ['TwiML over 4000 characters', { accountSid: ACCOUNT_SID, authToken: 'token', twiml: `<Response>${' '.repeat(4000)}</Response>` }, 'twiml'],
    ['an unknown setting', { accountSid: ACCOUNT_SID, authToken: 'token', authtoken: 'typo' }, ''],
    ['an hmacSha1 that is not a function', { accountSid: ACCOUNT_SID, authToken: 'token', hmacSha1: 'sha1' }, 'hmacSha1'],
  ])('refuses %s with INVALID_ARGUMENT', (_name, settings, field) => {
    const error = settingsError(settings);
    expect(error.code).toBe('INVALID_ARGUMENT');
    if (field) expect(error.details?.fields).toContain(field);
  });

  it('never echoes a token in a settings error', () => {
    const error = settingsError({ accountSid: ACCOUNT_SID, authToken: 'primary-secret-value', secondaryAuthToken: 12345, extra: 'x' });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('primary-secret-value');
  });

  it('verifies webhooks signed with the primary token', async () => {
    const twilio = createTwilio({ accountSid: ACCOUNT_SID, authToken: 'primary' });
    await expect(twilio.verifyWebhook(await signed(twilioFixtures['status-ringing'], 'primary'))).resolves.toBeUndefined();
  });

  it('accepts the secondary token during a rotation, and only while it is configured', async () => {
    const request = await signed(twilioFixtures['status-ringing'], 'old-token');
    await expect(createTwilio({ accountSid: ACCOUNT_SID, authToken: 'new-token', secondaryAuthToken: 'old-token' }).verifyWebhook(request)).resolves.toBeUndefined();
    const rejected = await createTwilio({ accountSid: ACCOUNT_SID, authToken: 'new-token' })
      .verifyWebhook(request)
      .catch((error: unknown) => error);
    expect(CallboardError.isInstance(rejected) && rejected.code).toBe('BAD_SIGNATURE');
  });

  it('checks signatures with the hmacSha1 it was given, for both tokens of a rotation', async () => {
    const keys: string[] = [];
    const twilio = createTwilio({
      accountSid: ACCOUNT_SID,
      authToken: 'new-token',
      secondaryAuthToken: 'old-token',
      hmacSha1: (key, message) => {
        keys.push(key);
        return createHmac('sha1', key).update(message, 'utf8').digest('base64');
      },
    });
    await expect(twilio.verifyWebhook(await signed(twilioFixtures['status-ringing'], 'new-token'))).resolves.toBeUndefined();
    await expect(twilio.verifyWebhook(await signed(twilioFixtures['status-ringing'], 'old-token'))).resolves.toBeUndefined();
    const forged = await signed(twilioFixtures['status-ringing'], 'someone-else');
    expect(await twilio.verifyWebhook(forged).catch((error: unknown) => CallboardError.isInstance(error) && error.code)).toBe('BAD_SIGNATURE');
    expect(new Set(keys)).toEqual(new Set(['new-token', 'old-token']));
  });

  it('parses webhooks into events', async () => {
    const twilio = createTwilio({ accountSid: ACCOUNT_SID, authToken: 'primary' });
    const events = twilio.parseWebhook(await signed(twilioFixtures['status-completed'], 'primary'), { receivedAt: new Date('2023-11-14T22:30:00Z') });
    expect(events).toMatchObject([{ type: 'call.status', status: 'completed', provider: 'twilio' }]);
  });
});
