import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { parseJsonOrUndefined } from '../parse-json-or-undefined.js';

/** A request the mock provider API received. */
export interface RecordedProviderRequest {
  method: string;
  /** The full request URL. */
  url: string;
  /** The path after the base URL it was sent to, decoded: `/calls`, `/2010-04-01/Accounts/AC.../Calls.json`. */
  path: string;
  headers: Headers;
  /** The body as sent. */
  text: string;
  /** The body read as a form (Twilio, Africa's Talking). */
  form: URLSearchParams;
  /** The body read as JSON (Telnyx); `undefined` when it is empty or not JSON. */
  body: unknown;
}

/** What the mock answers: a JSON or text body with a status, or a network failure. */
export type MockProviderReply = { status: number; json: unknown } | { status: number; text: string } | { networkError: true };

/** Options of {@link mockProviderApi}. */
export interface MockProviderApiOptions {
  /** The API base URLs served (every path below each), e.g. a provider's production and sandbox hosts. */
  baseUrls: readonly [string, ...string[]];
  /** The answer to a request no `reply` set up for the current test, e.g. the provider's own 404 body. */
  unmatched: MockProviderReply;
}

/** The mock REST API of one test file. */
export interface ProviderApiMock {
  /** The first base URL. */
  readonly baseUrl: string;
  /** Requests received since the current test started. */
  readonly requests: RecordedProviderRequest[];
  /** Sets the answer to `method path` (path after the base URL) for the rest of the current test. */
  reply(method: string, path: string, reply: MockProviderReply): void;
}

/**
 * Test-only: serves a provider's REST API with msw for the test file that calls it (once, at the
 * top level), registering the vitest hooks itself. Records every request under the base URLs and
 * answers what `reply(method, path, answer)` set up for the current test, or `unmatched`; any
 * request elsewhere fails the test. Each test starts with no requests and no replies. Lives in
 * `__tests__`, so neither it nor msw ships in the package.
 */
export function mockProviderApi(options: MockProviderApiOptions): ProviderApiMock {
  const requests: RecordedProviderRequest[] = [];
  const replies = new Map<string, MockProviderReply>();
  const handlers = options.baseUrls.map((baseUrl) => {
    const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
    return http.all(`${baseUrl}/*`, async ({ request }) => {
      const path = decodeURIComponent(new URL(request.url).pathname.slice(basePath.length));
      const text = await request.text();
      requests.push({ method: request.method, url: request.url, path, headers: request.headers, text, form: new URLSearchParams(text), body: parseJsonOrUndefined(text) });
      return answer(replies.get(`${request.method} ${path}`) ?? options.unmatched);
    });
  });
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    requests.length = 0;
    replies.clear();
  });
  afterAll(() => server.close());
  return {
    baseUrl: options.baseUrls[0],
    requests,
    reply(method, path, reply) {
      replies.set(`${method} ${path}`, reply);
    },
  };
}

function answer(reply: MockProviderReply): Response {
  if ('networkError' in reply) return HttpResponse.error();
  if ('text' in reply) return new HttpResponse(reply.text, { status: reply.status, headers: { 'content-type': 'text/plain' } });
  return HttpResponse.json(reply.json ?? null, { status: reply.status });
}
