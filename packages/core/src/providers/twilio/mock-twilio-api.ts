import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** A request the mock Twilio API received. */
export interface RecordedTwilioRequest {
  method: string;
  /** The path after the base URL, e.g. `/2010-04-01/Accounts/AC.../Calls.json` (decoded). */
  path: string;
  headers: Headers;
  /** The form body, decoded. */
  form: URLSearchParams;
}

/** What the fake API answers: a JSON (or text) body with a status, or a network failure. */
export type MockTwilioReply = { status: number; json?: unknown; text?: string } | { networkError: true };

/**
 * Test-only: serves the Twilio REST API with msw for the test file that calls it (once, at the
 * top level), registering the vitest hooks itself. Records every request under `baseUrl` and
 * answers what `reply(method, path, response)` set up for the current test (Twilio's 404 body
 * otherwise); any request elsewhere fails the test. Not exported from the package.
 */
export function mockTwilioApi(baseUrl = 'https://api.twilio.test') {
  const requests: RecordedTwilioRequest[] = [];
  const replies = new Map<string, MockTwilioReply>();
  const server = setupServer(
    http.all(`${baseUrl}/*`, async ({ request }) => {
      const path = decodeURIComponent(new URL(request.url).pathname.slice(new URL(baseUrl).pathname.replace(/\/$/, '').length));
      requests.push({ method: request.method, path, headers: request.headers, form: new URLSearchParams(await request.text()) });
      const reply = replies.get(`${request.method} ${path}`);
      if (reply === undefined) {
        return HttpResponse.json({ code: 20404, message: 'The requested resource was not found', status: 404 }, { status: 404 });
      }
      if ('networkError' in reply) return HttpResponse.error();
      if (reply.text !== undefined) return new HttpResponse(reply.text, { status: reply.status });
      return HttpResponse.json(reply.json ?? null, { status: reply.status });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    requests.length = 0;
    replies.clear();
  });
  afterAll(() => server.close());
  return {
    baseUrl,
    requests,
    reply(method: string, path: string, response: MockTwilioReply) {
      replies.set(`${method} ${path}`, response);
    },
  };
}
