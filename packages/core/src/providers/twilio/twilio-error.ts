import { parseJsonOrUndefined } from '../../provider-kit/parse-json-or-undefined.js';
import type { ProviderErrorReading } from '../../provider-kit/send-provider-request.js';
import { twilioErrorBodySchema } from './twilio-api-schemas.js';

/**
 * Reads a Twilio REST error answer (`{ code, message, more_info, status }`, or whatever a proxy
 * answered instead): the message names the HTTP status, Twilio's message and its `more_info`
 * link, and Twilio's error code (for example `21211`, an invalid `To`) becomes `providerCode`.
 */
export function readTwilioError(statusCode: number, bodyText: string): ProviderErrorReading {
  const parsed = twilioErrorBodySchema.safeParse(parseJsonOrUndefined(bodyText));
  const body = parsed.success ? parsed.data : undefined;
  const providerCode = body?.code === undefined || body.code === null ? undefined : String(body.code);
  const reason = body?.message ? `: ${body.message.slice(0, 500)}` : '';
  return {
    message: `Twilio answered ${statusCode}${reason}${body?.more_info ? ` (${body.more_info.slice(0, 200)})` : ''}`,
    ...(providerCode === undefined ? {} : { providerCode }),
  };
}
