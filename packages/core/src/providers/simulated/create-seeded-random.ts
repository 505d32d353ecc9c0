/**
 * A deterministic pseudo-random number generator (mulberry32): the same seed gives the same
 * sequence on every runtime. Returns numbers in `[0, 1)`, like `Math.random`. Not for secrets.
 *
 * @example
 * const random = createSeededRandom(42);
 * const simulated = createSimulatedProvider({ random }); // the same calls, outcomes and timings every run
 */
export function createSeededRandom(seed: number): () => number {
  let state = Math.trunc(Number.isFinite(seed) ? seed : 0) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
