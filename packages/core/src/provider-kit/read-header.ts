/** Request headers as a verifier takes them: a `Headers`, or a plain record from a framework. */
export type HeaderSource = Headers | Record<string, string | undefined>;

/**
 * Reads one header case-insensitively. `Headers.get` already is; a plain record (Express's
 * `req.headers`, a test's literal) may spell the name any way, so its keys are searched, the
 * exact spelling first. `name` must be lower case. The value is returned as it is, empty included.
 */
export function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | undefined>;
  const exact = record[name];
  if (typeof exact === 'string') return exact;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === 'string' && key.toLowerCase() === name) return value;
  }
  return undefined;
}
