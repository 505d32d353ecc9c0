import { z } from 'zod';
import type { Clock } from '../util/clock.js';

// The setting checks every adapter factory repeats. Kept private to the package, like every
// zod schema here.

/** A URL setting the adapter sends requests to or hands to a provider: `http:` or `https:` only. */
export const httpUrlSetting = z.url({ protocol: /^https?$/ });

/** A setting that must be a function (an injected `fetch`, a callback); its type comes from the caller. */
export function functionSetting<T>() {
  return z.custom<T>((value) => typeof value === 'function');
}

/** An injected `fetch`. */
export const fetchSetting = functionSetting<typeof globalThis.fetch>();

/** An injected clock: anything with a `now()` method, typed by the caller when it needs more. */
export function clockSetting<T extends Clock = Clock>() {
  return z.custom<T>((value) => typeof (value as Clock | undefined)?.now === 'function');
}
