import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** A request the fake Telnyx API received. */
export interface RecordedTelnyxRequest {
  method: string;
  /** The path after the base URL, e.g. `/calls` or `/calls/v3:abc/actions/hangup` (decoded). */
  path: string;
  headers: Headers;
  body: unknown;
}

/** What the fake API answers: a JSON body with a status, or a network failure. */
export type TelnyxTestReply = { status: number; json?: unknown; text?: string } | { networkError: true };

/**
 * Test-only: the one msw wrapper the Telnyx tests use. Registers its own vitest hooks, records
 * every request under `baseUrl`, and answers from `reply(method, path, response)` (404 for
 * anything not set up). Not exported from the package.
 */
export function createTelnyxTestServer(baseUrl = 'https://api.telnyx.test/v2') {
  const requests: RecordedTelnyxRequest[] = [];
  const replies = new Map<string, TelnyxTestReply>();
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
    reply(method: string, path: string, response: TelnyxTestReply) {
      replies.set(`${method} ${path}`, response);
    },
  };
}
