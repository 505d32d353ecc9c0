import { ProviderApiError } from '../errors/provider-api-error.js';

/** What an adapter makes of a provider's answer outside 2xx. */
export interface ProviderErrorReading {
  /** The error message, e.g. `Telnyx answered 422: Invalid value for to`. */
  message: string;
  /** The provider's own error code from the body (Twilio `code`, Telnyx `errors[0].code`), if it carried one. */
  providerCode?: string;
}

/** One request to a provider's REST API, with how to read that provider's errors. */
export interface ProviderRequest {
  /** The provider id, as errors report it in `details.provider` (`twilio`). */
  provider: string;
  /** The provider's name in error messages (`Twilio`). */
  name: string;
  /** The injected fetch. */
  fetch: typeof globalThis.fetch;
  /** The request URL, without credentials (errors carry it). */
  url: string;
  /** Method, headers and body; credentials go in the headers. */
  init: { method: string; headers: Record<string, string>; body: string };
  /** Aborts the request. */
  signal?: AbortSignal | undefined;
  /** Reads an answer outside 2xx: the provider's error body format differs, the mapping does not. */
  readError(statusCode: number, bodyText: string): ProviderErrorReading;
  /**
   * Builds the error for a request that got no answer, where a provider's adapter words it its
   * own way. Default: `NETWORK_ERROR`, retryable unless the caller aborted the request.
   */
  unreachableError?(failure: { url: string; cause: unknown; aborted: boolean }): ProviderApiError;
}

/** A provider's 2xx answer, body read as text. */
export interface ProviderAnswer {
  status: number;
  text: string;
}

/**
 * Sends one request to a provider's REST API and resolves with its 2xx answer. Rejects with a
 * `ProviderApiError`: `NETWORK_ERROR` when no answer came (DNS, connection, TLS, abort, or the
 * body could not be read), and `PROVIDER_API_ERROR` for any other status, with that status,
 * the provider's code as `readError` found it, and `isRetryable` for 408, 409, 429 and 5xx.
 */
export async function sendProviderRequest(request: ProviderRequest): Promise<ProviderAnswer> {
  const { url, signal } = request;
  let response: Response;
  let text: string;
  try {
    response = await request.fetch(url, { ...request.init, ...(signal ? { signal } : {}) });
    text = await response.text();
  } catch (cause) {
    const failure = { url, cause, aborted: signal?.aborted === true };
    throw request.unreachableError ? request.unreachableError(failure) : networkError(request.provider, request.name, failure);
  }
  if (!response.ok) {
    const { message, providerCode } = request.readError(response.status, text);
    throw new ProviderApiError({
      provider: request.provider,
      url,
      statusCode: response.status,
      message,
      ...(providerCode === undefined ? {} : { providerCode }),
    });
  }
  return { status: response.status, text };
}

function networkError(provider: string, name: string, failure: { url: string; cause: unknown; aborted: boolean }): ProviderApiError {
  return new ProviderApiError({
    provider,
    url: failure.url,
    message: failure.aborted ? `The ${name} request was aborted` : `${name} could not be reached`,
    isRetryable: !failure.aborted,
    cause: failure.cause,
  });
}
