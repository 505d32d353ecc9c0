/**
 * The text of a response this handler built from a string, kept beside the `Response` so the
 * Node binding can write it without going through the body stream (the hot path of webhooks).
 * The `Response` body holds the same text, so any other runtime reads it the standard way.
 */
export const TEXT_BODY: unique symbol = Symbol.for('callboard.textBody') as never;

/** A `Response` that remembers its string body under {@link TEXT_BODY}. */
export type TextResponse = Response & { [TEXT_BODY]?: string };

const REAL = Symbol('real');

/**
 * A `Response` with a string body whose stream is only built when something reads it: status
 * and headers are plain fields, and `body`, `text()`, `clone()`, ... go to a real `Response`
 * made on first use. Building a `Response` with a body costs more than the rest of a webhook's
 * answer, and the Node binding never needs it (it writes {@link TEXT_BODY} directly).
 * `instanceof Response` holds.
 */
class LazyTextResponse {
  readonly status: number;
  readonly statusText = '';
  readonly headers: Headers;
  readonly type = 'default';
  readonly url = '';
  readonly redirected = false;
  readonly [TEXT_BODY]: string;
  private [REAL]: Response | undefined;

  constructor(body: string, status: number, headers: Record<string, string>) {
    this.status = status;
    this.headers = new Headers(headers);
    this[TEXT_BODY] = body;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  private real(): Response {
    return (this[REAL] ??= new Response(this[TEXT_BODY], { status: this.status, headers: this.headers }));
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.real().body;
  }

  get bodyUsed(): boolean {
    return this[REAL]?.bodyUsed ?? false;
  }

  text(): Promise<string> {
    return this.real().text();
  }

  json(): Promise<unknown> {
    return this.real().json();
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.real().arrayBuffer();
  }

  bytes(): Promise<Uint8Array> {
    return (this.real() as Response & { bytes(): Promise<Uint8Array> }).bytes();
  }

  blob(): Promise<Blob> {
    return this.real().blob();
  }

  formData(): Promise<FormData> {
    return this.real().formData();
  }

  clone(): Response {
    return this.real().clone();
  }
}
Object.setPrototypeOf(LazyTextResponse.prototype, Response.prototype);

/** Builds a response with a string body. */
export function textResponse(body: string, status: number, headers: Record<string, string>): Response {
  return new LazyTextResponse(body, status, headers) as unknown as Response;
}

/** A JSON response (`Cache-Control: no-store`: API answers are live data; `nosniff`: never rendered as anything else). */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return textResponse(JSON.stringify(body), status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
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
