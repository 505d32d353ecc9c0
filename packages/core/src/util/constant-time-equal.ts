/**
 * Compares two strings in time that depends only on their lengths, not on where they differ.
 * Used for every signature and token comparison.
 *
 * It compares UTF-16 code units, so it agrees with `===` for every pair of strings (encoding to
 * UTF-8 first would map every lone surrogate to U+FFFD and call different strings equal).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    // Past the end charCodeAt gives NaN, which `| 0` turns into 0; the length check above already differs.
    diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return diff === 0;
}
