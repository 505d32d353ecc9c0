import { toLegacyQueryString } from './to-legacy-query-string.js';

/** The URL forms a Twilio signature may have been computed over, and the JSON-body hash the URL carries. */
export interface TwilioSignedUrls {
  /** Distinct URL strings to try, cheapest and most likely first. */
  readonly candidates: readonly string[];
  /** The `bodySHA256` query value, when the URL has one (a JSON-bodied webhook). */
  readonly bodySha256: string | undefined;
}

// Webhook URLs repeat, so their variants are computed once. Bounded: URLs carry request paths.
const MAX_CACHED_URLS = 256;
const cache = new Map<string, TwilioSignedUrls>();

/**
 * The URL variants twilio-node's `validateRequest` accepts a signature for, because Twilio's
 * servers are not consistent about them: the URL with its port removed, with the default port
 * added (`:443`/`:80`, after any `user:pass@`), and both again with the query re-serialized by
 * Node's legacy `querystring`. Returns undefined for a string that is not a URL.
 *
 * @example
 * twilioSignedUrls('https://example.com/hook?a=1')?.candidates;
 * // ['https://example.com/hook?a=1', 'https://example.com:443/hook?a=1']
 */
export function twilioSignedUrls(url: string): TwilioSignedUrls | undefined {
  const cached = cache.get(url);
  if (cached !== undefined) return cached;
  let result: TwilioSignedUrls;
  try {
    const parsed = new URL(url);
    const withoutPort = removePort(parsed);
    const withPort = addPort(parsed);
    const forms = [withoutPort, withPort, withLegacyQuery(withoutPort), withLegacyQuery(withPort)];
    const candidates = [...new Set(forms.filter((form): form is string => form !== undefined))];
    result = { candidates, bodySha256: parsed.searchParams.get('bodySHA256') ?? undefined };
  } catch {
    return undefined;
  }
  if (cache.size >= MAX_CACHED_URLS) cache.delete(cache.keys().next().value!);
  cache.set(url, result);
  return result;
}

function removePort(parsed: URL): string {
  const copy = new URL(parsed.href);
  copy.port = '';
  return copy.href;
}

// Written out by hand because the URL API drops a default port the moment it is set.
function addPort(parsed: URL): string {
  if (parsed.port) return parsed.href;
  const port = parsed.protocol === 'https:' ? ':443' : ':80';
  const credentials = parsed.username || parsed.password ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@` : '';
  const scheme = parsed.protocol ? `${parsed.protocol}//` : '';
  const host = parsed.host ? parsed.host + port : '';
  return scheme + credentials + host + parsed.pathname + parsed.search + parsed.hash;
}

// Re-parses, as twilio-node does: a default port added by addPort is dropped again here.
// Undefined when the form cannot be re-parsed (`a: b` gains `//` in addPort), where twilio-node throws.
function withLegacyQuery(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!parsed.search) return url;
  const query = toLegacyQueryString(parsed.search.slice(1));
  parsed.search = '';
  return `${parsed.href}?${query}`;
}
