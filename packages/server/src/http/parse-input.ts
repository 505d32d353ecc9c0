import type { z } from 'zod';
import { httpError } from './http-error.js';
import { readBody } from './read-body.js';
import type { RouteContext } from './route-context.js';

/** Zod issues as the API reports them: a dotted path, the zod code and the message. */
export function issuesOf(error: z.ZodError): Array<{ path: string; code: string; message: string }> {
  return error.issues.slice(0, 50).flatMap((issue): Array<{ path: string; code: string; message: string }> => {
    const path = issue.path.map(String);
    // One entry per unknown field, at the field's own path.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), code: issue.code, message: `Unknown field "${key}"` }));
    }
    return [{ path: path.join('.'), code: issue.code, message: issue.message }];
  });
}

function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw httpError('BAD_REQUEST', `The ${what} is not valid`, { issues: issuesOf(result.error) });
  return result.data;
}

/** Whether a content type is JSON (`application/json`, `application/*+json`, any parameters). */
export function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * Reads and validates a JSON body: `415` unless it is JSON, `413` past the size limit, `400`
 * for malformed JSON or a body the schema refuses (with the zod issue paths in `details`).
 * Returns the parsed value and the raw text (for idempotency fingerprints).
 *
 * With `optional`, a request without a body validates `{}`.
 */
export async function readJson<S extends z.ZodType>(
  context: RouteContext,
  schema: S,
  options: { optional?: boolean } = {},
): Promise<{ value: z.output<S>; text: string }> {
  const { request, state } = context;
  const contentType = request.headers.get('content-type');
  // A declared length over the limit is a 413 whatever the type (readBody refuses it unread).
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > state.bodyLimitBytes) await readBody(request, state.bodyLimitBytes);
  const isJson = isJsonContentType(contentType);
  if (!isJson && !options.optional) throw unsupported(contentType);
  const text = await readBody(request, state.bodyLimitBytes);
  if (text.trim() === '') {
    if (options.optional) return { value: validate(schema, {}, 'request body'), text };
    if (isJson) throw httpError('BAD_REQUEST', 'The request body is empty');
  }
  if (!isJson) throw unsupported(contentType);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw httpError('BAD_REQUEST', 'The request body is not valid JSON');
  }
  return { value: validate(schema, json, 'request body'), text };
}

function unsupported(contentType: string | null) {
  return httpError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json', { contentType });
}

/**
 * Validates the query string: each parameter once (a repeated one becomes an array, which only
 * list parameters accept); unknown parameters are refused like unknown body fields.
 */
export function readQuery<S extends z.ZodType>(context: RouteContext, schema: S): z.output<S> {
  // A Map, then fromEntries: a parameter named `__proto__` becomes an own (unknown, refused) key.
  const query = new Map<string, string | string[]>();
  for (const [key, value] of context.url.searchParams) {
    const existing = query.get(key);
    if (existing === undefined) query.set(key, value);
    else query.set(key, Array.isArray(existing) ? [...existing, value] : [existing, value]);
  }
  return validate(schema, Object.fromEntries(query), 'query string');
}
