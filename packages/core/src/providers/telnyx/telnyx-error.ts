import { ProviderApiError } from '../../errors/provider-api-error.js';
import { telnyxErrorBodySchema } from './telnyx-api-schemas.js';

/**
 * Turns a Telnyx error answer (`{ errors: [{ code, title, detail }] }`, or anything else a proxy
 * put in front of it) into a `ProviderApiError` with the HTTP status, Telnyx's first error code
 * and `isRetryable` (408, 409, 429 and 5xx).
 */
export function telnyxApiError(options: { url: string; statusCode: number; bodyText: string }): ProviderApiError {
  const first = readErrors(options.bodyText)?.[0];
  const providerCode = first?.code === undefined || first.code === null ? undefined : String(first.code);
  const reason = [first?.title, first?.detail].filter((part): part is string => typeof part === 'string' && part !== '').join(': ');
  return new ProviderApiError({
    provider: 'telnyx',
    url: options.url,
    statusCode: options.statusCode,
    message: `Telnyx answered ${options.statusCode}${reason ? `: ${reason.slice(0, 500)}` : ''}`,
    ...(providerCode === undefined ? {} : { providerCode }),
  });
}

/** A request that got no answer (DNS, connection, TLS, abort). Retryable unless the caller aborted it. */
export function telnyxNetworkError(options: { url: string; cause: unknown; aborted: boolean }): ProviderApiError {
  return new ProviderApiError({
    provider: 'telnyx',
    url: options.url,
    message: options.aborted ? 'The Telnyx request was aborted' : 'Telnyx could not be reached',
    isRetryable: !options.aborted,
    cause: options.cause,
  });
}

function readErrors(bodyText: string) {
  try {
    const parsed = telnyxErrorBodySchema.safeParse(JSON.parse(bodyText));
    return parsed.success ? (parsed.data.errors ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}
