import fc from 'fast-check';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { toLegacyQueryString } from './to-legacy-query-string.js';
import { twilioSignedUrls } from './twilio-signed-urls.js';
import { verifyTwilioSignature } from './twilio-verify-signature.js';

describe('twilioSignedUrls', () => {
  it('tries the URL as given first, then with the default port', () => {
    expect(twilioSignedUrls('https://calls.example.com/webhooks/twilio')?.candidates).toEqual([
      'https://calls.example.com/webhooks/twilio',
      'https://calls.example.com:443/webhooks/twilio',
    ]);
  });

  it('puts the added port after the credentials', () => {
    expect(twilioSignedUrls('http://user:pass@calls.example.com/hook')?.candidates).toContain('http://user:pass@calls.example.com:80/hook');
  });

  it('strips a non-standard port and keeps it in the port-added form', () => {
    expect(twilioSignedUrls('https://calls.example.com:8443/hook')?.candidates).toEqual([
      'https://calls.example.com/hook',
      'https://calls.example.com:8443/hook',
    ]);
  });

  it("adds the legacy query form, which keeps ' and writes spaces as %20", () => {
    expect(twilioSignedUrls("https://calls.example.com/hook?Body=It's+amazing")?.candidates).toEqual([
      'https://calls.example.com/hook?Body=It%27s+amazing',
      'https://calls.example.com:443/hook?Body=It%27s+amazing',
      "https://calls.example.com/hook?Body=It's%20amazing",
    ]);
  });

  it('reads bodySHA256 from the query', () => {
    expect(twilioSignedUrls('https://calls.example.com/hook?bodySHA256=abc')?.bodySha256).toBe('abc');
    expect(twilioSignedUrls('https://calls.example.com/hook?a=1')?.bodySha256).toBeUndefined();
  });

  it('drops a form that cannot be re-parsed instead of throwing', () => {
    // `a: b` is a URL, but its port-added form `a:// b` is not, so it has no legacy-query form
    // (twilio-node tries `a:// b`, then throws a TypeError re-parsing it).
    expect(twilioSignedUrls('a: b')?.candidates).toEqual(['a: b', 'a:// b']);
  });

  it('returns undefined for a string that is not a URL', () => {
    expect(twilioSignedUrls('/webhooks/twilio')).toBeUndefined();
  });
});

// Differential check against twilio-node: for random URLs, bodies and signing URLs, we accept a
// signature exactly when twilio-node's validateRequest does.
const TOKEN = 'differential-token';
const piece = fc.constantFrom('a', 'B', '1', ' ', "'", '+', '%', '%41', '%E9', '%zz', 'ü', '€', '&', '=', '/', ':', '@', ',', '!', '*', '(', '~', '$', ';', '[', '"', '😀');
const text = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));
const name = fc.array(fc.constantFrom('a', 'b', 'C', 'Sid', '1', '01', '_', '.', 'ü', ' '), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));
const urlArbitrary = fc.record({
  scheme: fc.constantFrom('http', 'https'),
  credentials: fc.constantFrom('', 'user@', 'user:pass@', ':pass@'),
  host: fc.constantFrom('example.com', 'Calls.Example.COM', '127.0.0.1', '[::1]'),
  port: fc.constantFrom('', ':443', ':80', ':8443'),
  path: fc.array(text, { maxLength: 3 }),
  query: fc.option(fc.array(fc.tuple(text, fc.option(text)), { maxLength: 4 })),
});
type UrlParts = typeof urlArbitrary extends fc.Arbitrary<infer T> ? T : never;

function buildUrl(parts: UrlParts): string {
  const path = parts.path.map((segment) => segment.replaceAll('/', '_').replaceAll('?', '_').replaceAll('#', '_')).join('/');
  const query = parts.query === null ? '' : `?${parts.query.map(([key, value]) => (value === null ? key : `${key}=${value}`)).join('&').replaceAll('#', '_')}`;
  return `${parts.scheme}://${parts.credentials}${parts.host}${parts.port}/${path}${query}`;
}

function withPortAdded(url: string, port: string): string {
  return url.replace(/^(https?:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/]+))(:\d+)?/, `$1${port}`);
}

function withLegacyQuery(url: string): string {
  const parsed = new URL(url);
  if (!parsed.search) return url;
  const query = toLegacyQueryString(parsed.search.slice(1));
  parsed.search = '';
  return `${parsed.href}?${query}`;
}

/** Signing URLs to try: every port treatment crossed with every query treatment. */
function signingPool(url: string): string[] {
  const bases = [url, new URL(url).href];
  const ported = bases.flatMap((base) => [base, ...['', ':443', ':80', ':8443'].map((port) => withPortAdded(base, port))]);
  return [...new Set([...ported, ...ported.map(withLegacyQuery)])];
}

describe('twilioSignedUrls: agrees with twilio-node validateRequest', () => {
  it('accepts exactly the signatures twilio-node accepts', async () => {
    await fc.assert(
      fc.asyncProperty(
        urlArbitrary,
        fc.array(fc.tuple(name, text), { maxLength: 5 }),
        fc.nat(),
        async (parts, pairs, pick) => {
          const url = buildUrl(parts);
          const ours = twilioSignedUrls(url);
          fc.pre(ours !== undefined);
          const pool = signingPool(url);
          const signingUrl = pool[pick % pool.length]!;
          const params: Record<string, string | string[]> = Object.create(null);
          for (const [key, value] of pairs) {
            const existing = params[key];
            params[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
          }
          const signature = twilio.getExpectedTwilioSignature(TOKEN, signingUrl, params);
          const expected = twilio.validateRequest(TOKEN, signature, url, params);
          const rawBody = new URLSearchParams(pairs).toString();
          const headers = new Headers({ 'x-twilio-signature': signature });
          const actual = await verifyTwilioSignature({ url, headers, rawBody, method: 'POST' }, TOKEN).then(
            () => true,
            () => false,
          );
          expect({ url, signingUrl, actual }).toEqual({ url, signingUrl, actual: expected });
        },
      ),
      { numRuns: 1500 },
    );
  });
});
