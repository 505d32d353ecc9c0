/**
 * V8's view of an object's shape, for tests that keep hot-path objects cheap: objects built the
 * same way should share one hidden class (map) and keep fast properties. A spread that adds
 * properties, or an object literal with accessors, gives each object maps of its own, made in the
 * old generation, which fills it with garbage only a full collection frees.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--allow-natives-syntax');

// Natives syntax is parsed only in code compiled after the flag is set, hence `Function`.
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
const fastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

/**
 * Whether objects from `make` keep fast properties and share one map once the code making them
 * is warm: a spread that adds properties shares maps at first and makes new ones per object only
 * after its inline cache has seen a few, so the check builds `warmUp` objects before comparing.
 */
export function keepsOneFastShape(make: (n: number) => object, warmUp = 1_000): boolean {
  for (let n = 0; n < warmUp; n++) make(n);
  const objects = [make(warmUp), make(warmUp + 1), make(warmUp + 2)];
  return objects.every((object) => fastProperties(object) && sameMap(object, objects[0]!));
}
