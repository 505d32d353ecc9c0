import { describe, expect, it } from 'vitest';
import { buildAfricasTalkingCallback } from './africastalking.js';

describe('buildAfricasTalkingCallback', () => {
  it('form-encodes the fields, writing numbers as text and leaving out undefined ones', () => {
    const callback = buildAfricasTalkingCallback({
      isActive: 0,
      sessionId: 'ATVId_1',
      callerNumber: '+254711000001',
      callStartTime: '2025-03-04 09:15:02',
      dtmfDigits: undefined,
    });
    expect(callback.rawBody).toBe('isActive=0&sessionId=ATVId_1&callerNumber=%2B254711000001&callStartTime=2025-03-04+09%3A15%3A02');
    expect(callback.method).toBe('POST');
    expect(callback.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
  });

  it('puts the token in the URL query, and leaves it out when none is given', () => {
    expect(buildAfricasTalkingCallback({}, { token: 'a b&c' }).url).toBe(
      'https://callboard.test/webhooks/africastalking?token=a+b%26c',
    );
    expect(buildAfricasTalkingCallback({}).url).toBe('https://callboard.test/webhooks/africastalking');
  });

  it('keeps the query of a given URL', () => {
    const callback = buildAfricasTalkingCallback({}, { url: 'https://calls.example.com/at?tenant=7', token: 't' });
    expect(new URL(callback.url).searchParams.get('tenant')).toBe('7');
    expect(new URL(callback.url).searchParams.get('token')).toBe('t');
  });

  it('converts to a Fetch Request with the same URL, headers and body', async () => {
    const callback = buildAfricasTalkingCallback({ isActive: 1, sessionId: 'ATVId_2' }, { token: 'secret' });
    const request = callback.toRequest();
    expect(request.method).toBe('POST');
    expect(request.url).toBe(callback.url);
    expect(request.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(await request.text()).toBe(callback.rawBody);
  });
});
