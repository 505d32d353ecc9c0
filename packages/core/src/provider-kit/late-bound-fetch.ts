/**
 * The adapters' default `fetch`: it looks `globalThis.fetch` up at each request, so a fetch
 * patched after the adapter was created (msw, instrumentation) is the one used.
 */
export const lateBoundFetch: typeof globalThis.fetch = (input, init) => globalThis.fetch(input, init);
