/** What the guard knows about an `Idempotency-Key`. */
export type IdempotencyVerdict = 'new' | 'replay' | 'conflict';

/**
 * Remembers which request each recent `Idempotency-Key` came with, so a key reused for a
 * different request is refused (409) instead of silently answering with the first one's result.
 * Applying a key at most once does not depend on it: event keys derive from the idempotency key
 * and the store dedupes them durably. This only catches misuse, in memory, for recent keys.
 */
export interface IdempotencyGuard {
  check(key: string, fingerprint: string): IdempotencyVerdict;
}

/** Creates the guard with room for `maxEntries` keys (oldest dropped first). */
export function createIdempotencyGuard(maxEntries = 10_000): IdempotencyGuard {
  const seen = new Map<string, string>();
  return {
    check(key, fingerprint) {
      const known = seen.get(key);
      if (known !== undefined) return known === fingerprint ? 'replay' : 'conflict';
      if (seen.size >= maxEntries) seen.delete(seen.keys().next().value!);
      seen.set(key, fingerprint);
      return 'new';
    },
  };
}

/** A short, non-cryptographic digest of a request (FNV-1a, two 32-bit lanes) for the guard. */
export function fingerprintOf(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}.${text.length}`;
}
