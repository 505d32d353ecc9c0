import { decodeFormComponent } from './twilio-form-params.js';

// Node's legacy `querystring.parse` stops after this many `&`-separated segments, empty ones included.
const MAX_SEGMENTS = 1000;

/**
 * Re-serializes a query string (without its `?`) the way Node's legacy
 * `querystring.stringify(querystring.parse(query))` does, which is one of the URL forms
 * twilio-node accepts a signature for. It differs from the WHATWG form in three ways that
 * matter for signatures:
 *
 * - it escapes everything `encodeURIComponent` escapes (`/`, `:`, `@`, `,`, ...) and spaces
 *   as `%20`, but not `'` (the WHATWG URL writes `'` as `%27` in a query);
 * - repeated names are grouped at the first occurrence (`a=1&b=2&a=3` -> `a=1&a=3&b=2`);
 * - names that look like array indexes come first, in numeric order, because the parsed
 *   object's keys are enumerated in that order.
 *
 * @example
 * toLegacyQueryString("Body=It's+amazing&foo=1"); // "Body=It's%20amazing&foo=1"
 */
export function toLegacyQueryString(query: string): string {
  // A prototype-less object reproduces the key order `querystring.stringify` enumerates.
  const grouped: Record<string, string[]> = Object.create(null);
  const segments = query.split('&');
  let seen = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment === '') {
      if (i < segments.length - 1 && ++seen === MAX_SEGMENTS) break;
      continue;
    }
    const eq = segment.indexOf('=');
    const name = decodeFormComponent(eq === -1 ? segment : segment.slice(0, eq));
    const value = eq === -1 ? '' : decodeFormComponent(segment.slice(eq + 1));
    (grouped[name] ??= []).push(value);
    if (++seen === MAX_SEGMENTS) break;
  }
  const parts: string[] = [];
  for (const name of Object.keys(grouped)) {
    const encodedName = encodeURIComponent(name);
    for (const value of grouped[name]!) parts.push(`${encodedName}=${encodeURIComponent(value)}`);
  }
  return parts.join('&');
}
