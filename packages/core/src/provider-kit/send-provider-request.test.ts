import { describe, expect, it } from 'vitest';
import { rejectionOf } from './__tests__/callboard-error-of.js';
import { ProviderApiError } from '../errors/provider-api-error.js';
import { sendProviderRequest, type ProviderRequest } from './send-provider-request.js';

const CALLS_URL = 'https://api.provider.test/v1/calls';

function request(fetch: typeof globalThis.fetch, overrides: Partial<ProviderRequest> = {}): ProviderRequest {
  return {
    provider: 'acme',
    name: 'Acme',
    fetch,
    url: CALLS_URL,
    init: { method: 'POST', headers: { authorization: 'Bearer k' }, body: 'a=1' },
    readError: (statusCode, bodyText) => ({ message: `Acme answered ${statusCode}: ${bodyText}`, providerCode: 'E42' }),
    ...overrides,
  };
}

describe('sendProviderRequest', () => {
  it('sends the method, headers, body and signal it is given, and resolves with a 2xx answer as text', async () => {
    const seen: Array<{ url: string; init: RequestInit | undefined }> = [];
    const signal = new AbortController().signal;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      seen.push({ url: String(input), init });
      return new Response('{"ok":true}', { status: 201 });
    };
    const answer = await sendProviderRequest(request(fetch, { signal }));
    expect(answer).toEqual({ status: 201, text: '{"ok":true}' });
    expect(seen).toEqual([{ url: CALLS_URL, init: { method: 'POST', headers: { authorization: 'Bearer k' }, body: 'a=1', signal } }]);
  });

  it('sends no signal key when none is given', async () => {
    let init: RequestInit | undefined;
    await sendProviderRequest(
      request(async (_, given) => {
        init = given;
        return new Response('', { status: 200 });
      }),
    );
    expect(init).not.toHaveProperty('signal');
  });

  it.each([
    [400, false],
    [404, false],
    [408, true],
    [409, true],
    [429, true],
    [500, true],
    [503, true],
  ])('turns HTTP %i into PROVIDER_API_ERROR with the reader\'s message and code (retryable: %s)', async (status, isRetryable) => {
    const error = await rejectionOf(sendProviderRequest(request(async () => new Response('nope', { status }))));
    expect(error).toMatchObject({ code: 'PROVIDER_API_ERROR', statusCode: status, providerCode: 'E42', isRetryable, url: CALLS_URL, message: `Acme answered ${status}: nope` });
    expect(error.details).toMatchObject({ provider: 'acme', statusCode: status, providerCode: 'E42' });
  });

  it('leaves providerCode undefined when the reader found none', async () => {
    const error = await rejectionOf(
      sendProviderRequest(request(async () => new Response('', { status: 502 }), { readError: (statusCode) => ({ message: `Acme answered ${statusCode}` }) })),
    );
    expect(error).toMatchObject({ code: 'PROVIDER_API_ERROR', statusCode: 502, providerCode: undefined });
  });

  it('turns a fetch that throws into a retryable NETWORK_ERROR carrying the cause', async () => {
    const cause = new TypeError('fetch failed');
    const error = await rejectionOf(
      sendProviderRequest(
        request(async () => {
          throw cause;
        }),
      ),
    );
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', statusCode: undefined, isRetryable: true, url: CALLS_URL, message: 'Acme could not be reached' });
    expect(error.cause).toBe(cause);
  });

  it('turns a body that cannot be read into a NETWORK_ERROR', async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.error(new Error('connection reset'));
      },
    });
    const error = await rejectionOf(sendProviderRequest(request(async () => new Response(body, { status: 200 }))));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', isRetryable: true });
  });

  it('calls a request the caller aborted a NETWORK_ERROR that is not retryable', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(
      sendProviderRequest(
        request(
          async (_, init) => {
            init?.signal?.throwIfAborted();
            return new Response('', { status: 200 });
          },
          { signal: controller.signal },
        ),
      ),
    );
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', isRetryable: false, message: 'The Acme request was aborted' });
  });

  it('lets the adapter word a request that got no answer its own way', async () => {
    const controller = new AbortController();
    controller.abort();
    const seen: Array<{ url: string; aborted: boolean }> = [];
    const error = await rejectionOf(
      sendProviderRequest(
        request(
          async () => {
            throw new TypeError('fetch failed');
          },
          {
            signal: controller.signal,
            unreachableError: ({ url, cause, aborted }) => {
              seen.push({ url, aborted });
              return new ProviderApiError({ provider: 'acme', url, message: 'Could not reach Acme', cause });
            },
          },
        ),
      ),
    );
    expect(seen).toEqual([{ url: CALLS_URL, aborted: true }]);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', isRetryable: true, message: 'Could not reach Acme' });
  });
});
