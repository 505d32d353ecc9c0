import { ProviderApiError } from '../../errors/provider-api-error.js';
import { twilioErrorBodySchema } from './twilio-api-schemas.js';

/**
 * Turns a Twilio REST error answer (`{ code, message, more_info, status }`, or whatever a proxy
 * answered instead) into a `ProviderApiError` with the HTTP status, Twilio's error code (for
 * example `21211`, an invalid `To`) and `isRetryable` (408, 409, 429 and 5xx).
 */
export function twilioApiError(options: { url: string; statusCode: number; bodyText: string }): ProviderApiError {
  const body = readErrorBody(options.bodyText);
  const providerCode = body?.code === undefined || body.code === null ? undefined : String(body.code);
  const reason = body?.message ? `: ${body.message.slice(0, 500)}` : '';
  return new ProviderApiError({
    provider: 'twilio',
    url: options.url,
    statusCode: options.statusCode,
    message: `Twilio answered ${options.statusCode}${reason}${body?.more_info ? ` (${body.more_info.slice(0, 200)})` : ''}`,
    ...(providerCode === undefined ? {} : { providerCode }),
  });
}

/** A request that got no answer (DNS, connection, TLS, abort). Retryable unless the caller aborted it. */
export function twilioNetworkError(options: { url: string; cause: unknown; aborted: boolean }): ProviderApiError {
  return new ProviderApiError({
    provider: 'twilio',
    url: options.url,
    message: options.aborted ? 'The Twilio request was aborted' : 'Twilio could not be reached',
    isRetryable: !options.aborted,
    cause: options.cause,
  });
}

function readErrorBody(bodyText: string) {
  try {
    const parsed = twilioErrorBodySchema.safeParse(JSON.parse(bodyText));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
