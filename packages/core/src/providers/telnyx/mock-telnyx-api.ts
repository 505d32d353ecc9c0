import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** A request the mock Telnyx API received. */
export interface RecordedTelnyxRequest {
  method: string;
  /** The path after the base URL, e.g. `/calls` or `/calls/v3:abc/actions/hangup` (decoded). */
  path: string;
  headers: Headers;
  body: unknown;
}

/** What the fake API answers: a JSON (or text) body with a status, or a network failure. */
export type MockTelnyxReply = { status: number; json?: unknown; text?: string } | { networkError: true };

/**
 * Test-only: serves the Telnyx v2 API with msw for the test file that calls it (once, at the top
 * level), registering the vitest hooks itself. Records every request under `baseUrl` and answers
 * what `reply(method, path, response)` set up for the current test (404 otherwise); any request
 * elsewhere fails the test. Not exported from the package.
 */
export function mockTelnyxApi(baseUrl = 'https://api.telnyx.test/v2') {
  const requests: RecordedTelnyxRequest[] = [];
  const replies = new Map<string, MockTelnyxReply>();
  const server = setupServer(
    http.all(`${baseUrl}/*`, async ({ request }) => {
      const path = decodeURIComponent(new URL(request.url).pathname.slice(new URL(baseUrl).pathname.length));
      const text = await request.text();
      requests.push({ method: request.method, path, headers: request.headers, body: text === '' ? undefined : JSON.parse(text) });
      const reply = replies.get(`${request.method} ${path}`);
      if (reply === undefined) return HttpResponse.json({ errors: [{ code: '404', title: 'Not set up in the test' }] }, { status: 404 });
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
    reply(method: string, path: string, response: MockTelnyxReply) {
      replies.set(`${method} ${path}`, response);
    },
  };
}
