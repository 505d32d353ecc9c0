/**
 * Parses a provider's success body as JSON, or gives `undefined` for an empty or non-JSON body:
 * the request already succeeded, so the caller's schema decides whether what came back is usable.
 */
export function parseJsonOrUndefined(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
