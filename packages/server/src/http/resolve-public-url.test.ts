import { describe, expect, it } from 'vitest';
import { resolvePublicUrl } from './resolve-public-url.js';

function resolve(url: string, headers: Record<string, string>, options: Parameters<typeof resolvePublicUrl>[2]) {
  const request = new Request(url, { headers });
  return resolvePublicUrl(request, new URL(request.url), options);
}

const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'calls.example.com' };

describe('resolvePublicUrl', () => {
  it('appends the path and query to the configured public URL', () => {
    expect(resolve('http://10.0.0.5:3000/webhooks/africastalking?token=abc', {}, { publicUrl: 'https://calls.example.com/' })).toBe(
      'https://calls.example.com/webhooks/africastalking?token=abc',
    );
  });

  it('prefers the configured URL over forwarded headers', () => {
    expect(resolve('http://10.0.0.5:3000/webhooks/twilio', forwarded, { publicUrl: 'https://other.example', trustProxy: true })).toBe(
      'https://other.example/webhooks/twilio',
    );
  });

  it('uses the forwarded scheme and host only when the proxy is trusted', () => {
    expect(resolve('http://10.0.0.5:3000/webhooks/twilio', forwarded, { trustProxy: true })).toBe('https://calls.example.com/webhooks/twilio');
    expect(resolve('http://10.0.0.5:3000/webhooks/twilio', forwarded, {})).toBe('http://10.0.0.5:3000/webhooks/twilio');
  });

  it('takes the client-facing (first) value of a chain of proxies', () => {
    expect(resolve('http://10.0.0.5/webhooks/twilio', { 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'a.example, b.internal' }, { trustProxy: true })).toBe(
      'https://a.example/webhooks/twilio',
    );
  });

  it('never invents a scheme from an unknown forwarded value', () => {
    expect(resolve('http://10.0.0.5/webhooks/twilio', { 'x-forwarded-proto': 'gopher' }, { trustProxy: true })).toBe('http://10.0.0.5/webhooks/twilio');
  });
});
