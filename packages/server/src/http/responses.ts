/**
 * The text of a response this handler built from a string, kept beside the `Response` so the
 * Node binding can write it without going through the body stream (the hot path of webhooks).
 * The `Response` body holds the same text, so any other runtime reads it the standard way.
 */
export const TEXT_BODY: unique symbol = Symbol.for('callboard.textBody') as never;

/** A `Response` that remembers its string body under {@link TEXT_BODY}. */
export type TextResponse = Response & { [TEXT_BODY]?: string };

/** Builds a response with a string body. */
export function textResponse(body: string, status: number, headers: Record<string, string>): Response {
  const response = new Response(body, { status, headers }) as TextResponse;
  response[TEXT_BODY] = body;
  return response;
}

/** A JSON response (`Cache-Control: no-store`: API answers are live data). */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return textResponse(JSON.stringify(body), status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
}

/** A response without a body. */
export function emptyResponse(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

/** The one error shape of the API: `{ "error": { "code", "message", "details"? } }`. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  details?: unknown,
  headers: Record<string, string> = {},
): Response {
  return jsonResponse({ error: { code, message, ...(details === undefined ? {} : { details }) } }, status, headers);
}
