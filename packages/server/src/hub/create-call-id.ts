const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A new Callboard call id: `call_`, nine time-ordered base-36 characters, then twelve random
 * ones, so ids sort roughly by creation and do not collide across nodes.
 */
export function createCallId(now: number = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let random = '';
  for (const byte of bytes) random += ALPHABET[byte % 36];
  return `call_${now.toString(36).padStart(9, '0')}${random}`;
}
