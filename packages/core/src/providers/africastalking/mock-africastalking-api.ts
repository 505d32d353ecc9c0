import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { AFRICASTALKING_BASE_URL, AFRICASTALKING_SANDBOX_BASE_URL } from './africastalking-provider.js';

/** A request the mock received. */
export interface RecordedAfricasTalkingRequest {
  url: string;
  method: string;
  headers: Headers;
  /** The form body, decoded. */
  form: URLSearchParams;
}

/** What the mock answers the next make-call requests with. */
export type MockAfricasTalkingAnswer =
  | { status?: number; json: unknown }
  | { status: number; text: string }
  | { networkError: true };

/** The mock voice API of one test file. */
export interface AfricasTalkingApiMock {
  /** Requests received since the current test started. */
  readonly requests: RecordedAfricasTalkingRequest[];
  /** Sets the answer to `POST {baseUrl}/call` for the rest of the current test. */
  answer(answer: MockAfricasTalkingAnswer): void;
}

/**
 * Test-only: serves Africa's Talking's voice API (`POST {baseUrl}/call`, on the production and
 * sandbox hosts by default) with msw for the test file that calls it (once, at the top level),
 * registering the vitest hooks itself. Any other outgoing request fails the
 * test. Each test starts with no recorded requests and a 500 answer, so a test must say what
 * the API answers.
 */
export function mockAfricasTalkingApi(
  baseUrls: readonly string[] = [AFRICASTALKING_BASE_URL, AFRICASTALKING_SANDBOX_BASE_URL],
): AfricasTalkingApiMock {
  const requests: RecordedAfricasTalkingRequest[] = [];
  let current: MockAfricasTalkingAnswer = { status: 500, text: 'no answer configured for this test' };
  const handlers = baseUrls.map((baseUrl) =>
    http.post(`${baseUrl}/call`, async ({ request }) => {
      requests.push({
        url: request.url,
        method: request.method,
        headers: request.headers,
        form: new URLSearchParams(await request.text()),
      });
      if ('networkError' in current) return HttpResponse.error();
      if ('json' in current) return HttpResponse.json(current.json as never, { status: current.status ?? 201 });
      return new HttpResponse(current.text, { status: current.status, headers: { 'content-type': 'text/plain' } });
    }),
  );
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    requests.length = 0;
    current = { status: 500, text: 'no answer configured for this test' };
  });
  afterAll(() => server.close());
  return {
    requests,
    answer(answer) {
      current = answer;
    },
  };
}
