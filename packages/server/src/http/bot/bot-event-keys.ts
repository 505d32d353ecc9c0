/**
 * Event keys of one bot request. With an `Idempotency-Key` they derive from it, so the same key
 * never applies twice (the store dedupes on provider + key, durably); without one, each request
 * gets fresh keys and always applies.
 */
export interface BotEventKeys {
  /** The key of the request's n-th event. */
  event(n: number): string;
  /** A transcript segment id for the request's n-th line, sorting in line order. */
  segment(n: number): string;
  /** Whether the keys came from an Idempotency-Key header. */
  readonly idempotent: boolean;
}

/** Builds the keys from the request's `Idempotency-Key` (or a random id). */
export function botEventKeys(idempotencyKey: string | undefined): BotEventKeys {
  const base = idempotencyKey === undefined ? `r:${crypto.randomUUID()}` : `k:${idempotencyKey}`;
  return {
    event: (n) => `bot:${base}:${n}`,
    segment: (n) => `${base}:${String(n).padStart(4, '0')}`,
    idempotent: idempotencyKey !== undefined,
  };
}
