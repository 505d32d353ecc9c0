/**
 * Orders two ISO-8601 times by the instant they name; two spellings of one instant
 * (`...Z` and `...+00:00`) are ordered by their text, so sorting and picking the earliest
 * never depend on which one came first.
 */
export function compareIsoTime(a: string, b: string): number {
  const byInstant = Date.parse(a) - Date.parse(b);
  if (byInstant !== 0) return byInstant;
  return a < b ? -1 : a > b ? 1 : 0;
}
