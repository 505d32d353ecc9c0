import { parseJsonOrUndefined } from '../../provider-kit/parse-json-or-undefined.js';
import type { ProviderErrorReading } from '../../provider-kit/send-provider-request.js';
import { telnyxErrorBodySchema } from './telnyx-api-schemas.js';

/**
 * Reads a Telnyx error answer (`{ errors: [{ code, title, detail }] }`, or anything else a proxy
 * put in front of it): the message names the HTTP status and the first error's title and
 * detail, and Telnyx's first error code becomes `providerCode`.
 */
export function readTelnyxError(statusCode: number, bodyText: string): ProviderErrorReading {
  const parsed = telnyxErrorBodySchema.safeParse(parseJsonOrUndefined(bodyText));
  const first = parsed.success ? parsed.data.errors?.[0] : undefined;
  const providerCode = first?.code === undefined || first.code === null ? undefined : String(first.code);
  const reason = [first?.title, first?.detail].filter((part): part is string => typeof part === 'string' && part !== '').join(': ');
  return {
    message: `Telnyx answered ${statusCode}${reason ? `: ${reason.slice(0, 500)}` : ''}`,
    ...(providerCode === undefined ? {} : { providerCode }),
  };
}
