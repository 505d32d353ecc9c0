import { afterEach, describe, expect, it, vi } from 'vitest';
import { lateBoundFetch } from './late-bound-fetch.js';

describe('lateBoundFetch', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('calls the fetch that is global at request time, with the same arguments', async () => {
    const calls: Array<[RequestInfo | URL, RequestInit | undefined]> = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push([input, init]);
      return new Response('patched', { status: 202 });
    });
    const init = { method: 'POST', body: 'a=1' };
    const response = await lateBoundFetch('https://api.provider.test/calls', init);
    expect(response.status).toBe(202);
    expect(calls).toEqual([['https://api.provider.test/calls', init]]);
  });
});
