import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CallboardError } from '../../errors/callboard-error.js';
import { rejectionCode } from '../../provider-kit/__tests__/callboard-error-of.js';
import { bytesToBase64 } from '../../util/base64.js';
import { verifyTwilioSignature, type TwilioSignedRequest } from './twilio-verify-signature.js';

// Known answers from twilio-node's own spec/validation.spec.js (reference/providers.md §7.1).
const TOKEN = '12345';
const BASE_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const DEFAULT_BODY = 'CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212';
const JSON_BODY = '{"property": "value", "boolean": true}';
const JSON_BODY_HASH = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620';
const EMPTY_JSON_HASH = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';

function post(url: string, rawBody: string, signature: string | undefined): TwilioSignedRequest {
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded' });
  if (signature !== undefined) headers.set('X-Twilio-Signature', signature);
  return { method: 'POST', url, headers, rawBody };
}

describe('verifyTwilioSignature: twilio-node known answers', () => {
  it.each([
    ['V1 the base URL', BASE_URL, DEFAULT_BODY, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    ['V1 signature, URL with a non-standard port (stripped)', 'https://mycompany.com:1234/myapp.php?foo=1&bar=2', DEFAULT_BODY, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    ['V2 :443 in the URL', 'https://mycompany.com:443/myapp.php?foo=1&bar=2', DEFAULT_BODY, 'kvajT1Ptam85bY51eRf/AJRuM3w='],
    ['V2 signature, port-less URL (:443 added)', BASE_URL, DEFAULT_BODY, 'kvajT1Ptam85bY51eRf/AJRuM3w='],
    ['V3 :80 in an http URL', 'http://mycompany.com:80/myapp.php?foo=1&bar=2', DEFAULT_BODY, '0ZXoZLH/DfblKGATFgpif+LLRf4='],
    ['V3 signature, port-less http URL (:80 added)', 'http://mycompany.com/myapp.php?foo=1&bar=2', DEFAULT_BODY, '0ZXoZLH/DfblKGATFgpif+LLRf4='],
    ['V4 a non-standard port kept', 'http://mycompany.com:1234/myapp.php?foo=1&bar=2', DEFAULT_BODY, 'Zmvh+3yNM1Phv2jhDCwEM3q5ebU='],
    ['V5 user:pass@', 'https://user:pass@mycompany.com/myapp.php?foo=1&bar=2', DEFAULT_BODY, 'CukzLTc1tT5dXEDIHm/tKBanW10='],
    ['V6 user@', 'https://user@mycompany.com/myapp.php?foo=1&bar=2', DEFAULT_BODY, '2YRLlVAflCqxaNicjMpJcSTgzSs='],
    ['V7 user:pass@ with :443 added only', 'https://user:pass@mycompany.com/myapp.php?foo=1&bar=2', DEFAULT_BODY, 'ZQFR1PTIZXF2MXB8ZnKCvnnA+rI='],
    ["V8 a raw ' in the query", `${BASE_URL}&Body=It's+amazing`, DEFAULT_BODY, 'TfZzewPq8wqrGlMfyAud8+/IvJ0='],
    [
      'V9 a repeated param',
      BASE_URL,
      'MessagingBinding.Address=%2B1325xxxxxxx&MessagingBinding.Address=%2B1415xxxxxxx',
      '83O6e2vORAoJHUNzJjDWN1jz+BA=',
    ],
    [
      'V9 a repeated param, other order',
      BASE_URL,
      'MessagingBinding.Address=%2B1415xxxxxxx&MessagingBinding.Address=%2B1325xxxxxxx',
      '83O6e2vORAoJHUNzJjDWN1jz+BA=',
    ],
    ['V10 repeated values deduped and sorted', BASE_URL, 'Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234', 'IK+Dwps556ElfBT0I3Rgjkr1wJU='],
  ])('accepts %s', async (_name, url, rawBody, signature) => {
    await expect(verifyTwilioSignature(post(url, rawBody, signature), TOKEN)).resolves.toBeUndefined();
  });

  it.each([
    ['the base URL with bodySHA256', `${BASE_URL}&bodySHA256=${JSON_BODY_HASH}`, JSON_BODY, 'a9nBmqA0ju/hNViExpshrM61xv4='],
    ['bodySHA256 as the only query param', `https://mycompany.com/myapp.php?bodySHA256=${JSON_BODY_HASH}`, JSON_BODY, 'y77kIzt2vzLz71DgmJGsen2scGs='],
    ['an empty JSON body, :443 added only', `${BASE_URL}&bodySHA256=${EMPTY_JSON_HASH}`, '{}', 'Ldidvp12m26NI7eqEvxnEpkd9Hc='],
  ])('accepts a JSON body: %s', async (_name, url, rawBody, signature) => {
    const request = { ...post(url, rawBody, signature), headers: new Headers({ 'x-twilio-signature': signature, 'content-type': 'application/json' }) };
    await expect(verifyTwilioSignature(request, TOKEN)).resolves.toBeUndefined();
  });
});

describe('verifyTwilioSignature: rejections', () => {
  it('rejects a missing header with MISSING_SIGNATURE', async () => {
    expect(await rejectionCode(verifyTwilioSignature(post(BASE_URL, DEFAULT_BODY, undefined), TOKEN))).toBe('MISSING_SIGNATURE');
  });

  it('rejects an empty header with MISSING_SIGNATURE', async () => {
    expect(await rejectionCode(verifyTwilioSignature(post(BASE_URL, DEFAULT_BODY, ''), TOKEN))).toBe('MISSING_SIGNATURE');
  });

  it('rejects a tampered body', async () => {
    const tampered = DEFAULT_BODY.replace('Digits=1234', 'Digits=1235');
    expect(await rejectionCode(verifyTwilioSignature(post(BASE_URL, tampered, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), TOKEN))).toBe('BAD_SIGNATURE');
  });

  it('rejects an added parameter', async () => {
    const request = post(BASE_URL, `${DEFAULT_BODY}&CallStatus=completed`, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(await rejectionCode(verifyTwilioSignature(request, TOKEN))).toBe('BAD_SIGNATURE');
  });

  it('rejects a wrong token', async () => {
    expect(await rejectionCode(verifyTwilioSignature(post(BASE_URL, DEFAULT_BODY, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), '54321'))).toBe('BAD_SIGNATURE');
  });

  it.each([
    ['another path', 'https://mycompany.com/other.php?foo=1&bar=2'],
    ['another query', 'https://mycompany.com/myapp.php?foo=1&bar=3'],
    ['http instead of https', 'http://mycompany.com/myapp.php?foo=1&bar=2'],
    ['another host', 'https://evil.example/myapp.php?foo=1&bar=2'],
  ])('rejects a wrong URL: %s', async (_name, url) => {
    expect(await rejectionCode(verifyTwilioSignature(post(url, DEFAULT_BODY, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), TOKEN))).toBe('BAD_SIGNATURE');
  });

  it('rejects a URL that cannot be parsed', async () => {
    expect(await rejectionCode(verifyTwilioSignature(post('not a url', DEFAULT_BODY, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), TOKEN))).toBe('BAD_SIGNATURE');
  });

  it('rejects a JSON body that does not match bodySHA256', async () => {
    const url = `${BASE_URL}&bodySHA256=${JSON_BODY_HASH}`;
    const request = post(url, '{"property": "value", "boolean": false}', 'a9nBmqA0ju/hNViExpshrM61xv4=');
    expect(await rejectionCode(verifyTwilioSignature(request, TOKEN))).toBe('BAD_SIGNATURE');
  });

  it('accepts the empty-JSON vector only through the :443 form', async () => {
    // The port-less URL has another HMAC, so the accept above can only come from the :443 variant.
    const url = `${BASE_URL}&bodySHA256=${EMPTY_JSON_HASH}`;
    expect(await hmacBase64(TOKEN, url)).toBe('rw/jVviOgicj2+kHZULvebnA4ag=');
    expect(await hmacBase64(TOKEN, url.replace('.com/', '.com:443/'))).toBe('Ldidvp12m26NI7eqEvxnEpkd9Hc=');
  });

  it('rejects a signature computed with localeCompare ordering', async () => {
    const url = 'https://calls.example.com/webhooks/twilio';
    const params: Array<[string, string]> = [
      ['CallSid', 'CA0123456789abcdef0123456789abcdef'],
      ['CallDuration', '42'],
      ['CallbackSource', 'call-progress-events'],
      ['CallStatus', 'completed'],
    ];
    const rawBody = new URLSearchParams(params).toString();
    const ordinal = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const locale = [...params].sort(([a], [b]) => a.localeCompare(b));
    expect(locale.map(([name]) => name)).not.toEqual(ordinal.map(([name]) => name));
    const good = await hmacBase64(TOKEN, url + ordinal.map(([name, value]) => name + value).join(''));
    const bad = await hmacBase64(TOKEN, url + locale.map(([name, value]) => name + value).join(''));
    await expect(verifyTwilioSignature(post(url, rawBody, good), TOKEN)).resolves.toBeUndefined();
    expect(await rejectionCode(verifyTwilioSignature(post(url, rawBody, bad), TOKEN))).toBe('BAD_SIGNATURE');
  });

  it('refuses to run without a token', async () => {
    expect(await rejectionCode(verifyTwilioSignature(post(BASE_URL, DEFAULT_BODY, 'x'), []))).toBe('INVALID_ARGUMENT');
    expect(await rejectionCode(verifyTwilioSignature(post(BASE_URL, DEFAULT_BODY, 'x'), ''))).toBe('INVALID_ARGUMENT');
  });

  it('never puts the token in an error', async () => {
    const secret = 'super-secret-token-value';
    const error = await verifyTwilioSignature(post(BASE_URL, DEFAULT_BODY, 'AAAA'), secret).catch((caught: unknown) => caught);
    expect(CallboardError.isInstance(error)).toBe(true);
    expect(JSON.stringify({ error, message: (error as Error).message, details: (error as CallboardError).details })).not.toContain(secret);
  });
});

describe('verifyTwilioSignature: methods, headers and rotation', () => {
  it('signs only the URL of a GET callback', async () => {
    const url = `${BASE_URL}&CallSid=CA1&CallStatus=ringing`;
    const signature = await hmacBase64(TOKEN, url);
    const request: TwilioSignedRequest = { method: 'GET', url, headers: new Headers({ 'x-twilio-signature': signature }), rawBody: '' };
    await expect(verifyTwilioSignature(request, TOKEN)).resolves.toBeUndefined();
    expect(await rejectionCode(verifyTwilioSignature({ ...request, url: url.replace('ringing', 'completed') }, TOKEN))).toBe('BAD_SIGNATURE');
  });

  it('reads the header from a plain record, in any case', async () => {
    const request = { method: 'POST', url: BASE_URL, rawBody: DEFAULT_BODY, headers: { 'X-Twilio-Signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' } };
    await expect(verifyTwilioSignature(request, TOKEN)).resolves.toBeUndefined();
  });

  it('accepts a request signed with the secondary token during rotation', async () => {
    const request = post(BASE_URL, DEFAULT_BODY, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    await expect(verifyTwilioSignature(request, ['new-primary-token', TOKEN])).resolves.toBeUndefined();
    expect(await rejectionCode(verifyTwilioSignature(request, ['new-primary-token', 'another-old-one']))).toBe('BAD_SIGNATURE');
  });

  it('accepts the :443 form signed with the secondary token', async () => {
    const request = post(BASE_URL, DEFAULT_BODY, 'kvajT1Ptam85bY51eRf/AJRuM3w=');
    await expect(verifyTwilioSignature(request, ['new-primary-token', TOKEN])).resolves.toBeUndefined();
  });
});

async function hmacBase64(token: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(token), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  return bytesToBase64(new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message))));
}

describe('verifyTwilioSignature: an injected hmacSha1', () => {
  // A synchronous HMAC of the runtime's own, as @callboard/server passes on Node.
  const nodeHmac = (key: string, message: string) => createHmac('sha1', key).update(message, 'utf8').digest('base64');

  it('signs with the injected HMAC instead of Web Crypto, and gets the same answers', async () => {
    const seen: Array<[string, string]> = [];
    const hmacSha1 = (key: string, message: string) => {
      seen.push([key, message]);
      return nodeHmac(key, message);
    };
    await expect(verifyTwilioSignature(post(BASE_URL, DEFAULT_BODY, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), TOKEN, { hmacSha1 })).resolves.toBeUndefined();
    expect(seen).toEqual([[TOKEN, `${BASE_URL}CallSidCA1234567890ABCDECaller+14158675309Digits1234From+14158675309To+18005551212`]]);
  });

  it('rejects what Web Crypto rejects: a tampered body, a wrong token', async () => {
    const tampered = DEFAULT_BODY.replace('Digits=1234', 'Digits=1235');
    expect(await rejectionCode(verifyTwilioSignature(post(BASE_URL, tampered, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), TOKEN, { hmacSha1: nodeHmac }))).toBe('BAD_SIGNATURE');
    expect(await rejectionCode(verifyTwilioSignature(post(BASE_URL, DEFAULT_BODY, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), 'other', { hmacSha1: nodeHmac }))).toBe('BAD_SIGNATURE');
  });

  it('tries every URL form and token with it (an asynchronous one too)', async () => {
    const hmacSha1 = async (key: string, message: string) => nodeHmac(key, message);
    // The :443 form, signed with the second token of a rotation.
    await expect(verifyTwilioSignature(post(BASE_URL, DEFAULT_BODY, 'kvajT1Ptam85bY51eRf/AJRuM3w='), ['old-token', TOKEN], { hmacSha1 })).resolves.toBeUndefined();
  });

  it('passes an error of the injected HMAC through: a broken HMAC is not a bad signature', async () => {
    const hmacSha1 = () => {
      throw new Error('no HMAC here');
    };
    await expect(verifyTwilioSignature(post(BASE_URL, DEFAULT_BODY, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='), TOKEN, { hmacSha1 })).rejects.toThrow('no HMAC here');
  });
});
