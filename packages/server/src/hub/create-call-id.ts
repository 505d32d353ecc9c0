const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const RANDOM_CHARS = 12;
// One getRandomValues call per 256 ids: a call per id cost more than the rest of making one.
const pool = new Uint8Array(RANDOM_CHARS * 256);
let used = pool.length;

/**
 * A new Callboard call id: `call_`, nine time-ordered base-36 characters, then twelve random
 * ones, so ids sort roughly by creation and do not collide across nodes.
 */
export function createCallId(now: number = Date.now()): string {
  if (used === pool.length) {
    crypto.getRandomValues(pool);
    used = 0;
  }
  let random = '';
  for (let i = 0; i < RANDOM_CHARS; i++) random += ALPHABET[pool[used++]! % 36];
  return `call_${now.toString(36).padStart(9, '0')}${random}`;
}
