/** The CORS allowlist: explicit origins only (no wildcard with credentials). */
export interface CorsOptions {
  /** Exact origins allowed to call the API from a browser (`https://wall.example.com`). `*` allows any origin without credentials. */
  origins: readonly string[];
  /** Seconds browsers may cache a preflight answer (default 600). */
  maxAgeSec?: number;
}

const ALLOWED_HEADERS = 'authorization, content-type, idempotency-key, x-request-id';
const EXPOSED_HEADERS = 'retry-after, x-request-id, idempotent-replayed';

/** The CORS headers for a request's `Origin`, or none when the origin is not allowed. */
export function corsHeaders(origin: string | null, options: CorsOptions | undefined): Record<string, string> {
  if (origin === null || options === undefined) return {};
  if (options.origins.includes(origin)) {
    return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS, vary: 'Origin' };
  }
  if (options.origins.includes('*')) return { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED_HEADERS };
  return {};
}

/** Whether a request is a CORS preflight. */
export function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('origin') && request.headers.has('access-control-request-method');
}

/** The headers that answer an allowed preflight. */
export function preflightHeaders(allowedMethods: readonly string[], options: CorsOptions): Record<string, string> {
  return {
    'access-control-allow-methods': allowedMethods.join(', '),
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': String(options.maxAgeSec ?? 600),
  };
}
