import { ProviderApiError } from '../../errors/provider-api-error.js';
import type { ProviderErrorReading } from '../../provider-kit/send-provider-request.js';

const PROVIDER = 'africastalking';

/**
 * The make-call entry statuses Africa's Talking documents. Only `Queued` means a call was placed;
 * the others are refusals that retrying will not fix.
 */
export const AFRICASTALKING_ENTRY_STATUSES = [
  'Queued',
  'InvalidPhoneNumber',
  'DestinationNotSupported',
  'InsufficientCredit',
] as const;

/** A make-call entry status. Unknown ones are passed through as strings. */
export type AfricasTalkingEntryStatus = (typeof AFRICASTALKING_ENTRY_STATUSES)[number];

/**
 * Reads an HTTP failure of the voice API (401 for a bad API key, 5xx, ...). Africa's Talking
 * answers errors as plain text, which becomes the message; there is no error code to read.
 */
export function readAfricasTalkingError(statusCode: number, body: string): ProviderErrorReading {
  const text = body.trim().slice(0, 300);
  return { message: `Africa's Talking answered ${statusCode}${text ? `: ${text}` : ''}` };
}

/**
 * A 2xx answer that still refused the call: an `errorMessage` other than `"None"`, an entry
 * status other than `Queued` (`InvalidPhoneNumber`, `DestinationNotSupported`,
 * `InsufficientCredit`, which become `providerCode`), or an answer that is not the documented
 * JSON. Never retryable: the same request would be refused again.
 */
export function africasTalkingRefusal(
  url: string,
  statusCode: number,
  reason: { message: string; providerCode?: string; cause?: unknown },
): ProviderApiError {
  return new ProviderApiError({
    provider: PROVIDER,
    url,
    statusCode,
    message: reason.message,
    isRetryable: false,
    ...(reason.providerCode === undefined ? {} : { providerCode: reason.providerCode }),
    ...(reason.cause === undefined ? {} : { cause: reason.cause }),
  });
}
