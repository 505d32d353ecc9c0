import { CallboardError } from '../../errors/callboard-error.js';
import { CALL_EVENT_VERSION } from '../../model/call-event.js';
import { sendProviderRequest } from '../../provider-kit/send-provider-request.js';
import type { HangupOptions, PlaceCallOptions, PlacedCall } from '../../provider/call-provider.js';
import type { Clock } from '../../util/clock.js';
import { africasTalkingMakeCallResponseSchema } from './africastalking-api-schemas.js';
import { africasTalkingRefusal, readAfricasTalkingError } from './africastalking-error.js';

/** What the REST actions need from the provider's settings. */
export interface AfricasTalkingApiConfig {
  username: string;
  apiKey: string;
  fromNumber: string;
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  clock: Clock;
}

/**
 * Places one outbound call: `POST {baseUrl}/call` with the `apiKey` header and the form fields
 * `username`, `from`, `to` and `clientRequestId` (our call id). Africa's Talking takes no
 * per-call callback URL (the number's callback URL, set in its dashboard, receives the call's
 * callbacks), so `statusCallbackUrl` is ignored.
 *
 * Resolves with the `sessionId` as `providerCallId` and a `queued` event. Rejects with
 * `ProviderApiError`: HTTP failures by status (retryable for 408/409/429/5xx), `NETWORK_ERROR`
 * when the API cannot be reached, and non-retryable refusals for an `errorMessage` other than
 * `"None"` or an entry status other than `Queued` (`providerCode` is that status).
 */
export async function placeAfricasTalkingCall(options: PlaceCallOptions, config: AfricasTalkingApiConfig): Promise<PlacedCall> {
  const to = options.to.trim();
  if (to === '' || to.includes(',') || to.length > 256) {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: '`to` must be one phone number or SIP address' });
  }
  const from = options.from ?? config.fromNumber;
  const url = `${config.baseUrl.replace(/\/+$/, '')}/call`;
  const body = new URLSearchParams({ username: config.username, from, to, clientRequestId: options.callId });
  const { status, text } = await sendProviderRequest({
    provider: 'africastalking',
    name: "Africa's Talking",
    fetch: config.fetch,
    url,
    init: {
      method: 'POST',
      headers: { apiKey: config.apiKey, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    },
    signal: options.signal,
    readError: readAfricasTalkingError,
  });
  const entry = readQueuedEntry(url, status, text);
  const at = new Date(config.clock.now()).toISOString();
  return {
    providerCallId: entry.sessionId,
    events: [
      {
        v: CALL_EVENT_VERSION,
        type: 'call.status',
        key: `africastalking:${entry.sessionId}:queued`,
        provider: 'africastalking',
        providerCallId: entry.sessionId,
        callId: options.callId,
        occurredAt: at,
        receivedAt: at,
        direction: 'outbound',
        from,
        to: entry.phoneNumber ?? to,
        status: 'queued',
        raw: entry.raw,
      },
    ],
  };
}

interface QueuedEntry {
  sessionId: string;
  phoneNumber?: string;
  raw: Record<string, unknown>;
}

function readQueuedEntry(url: string, status: number, text: string): QueuedEntry {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw africasTalkingRefusal(url, status, { message: "Africa's Talking answered something other than JSON", cause });
  }
  const parsed = africasTalkingMakeCallResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw africasTalkingRefusal(url, status, { message: "Africa's Talking answered an unexpected shape", cause: parsed.error });
  }
  const { entries, errorMessage } = parsed.data;
  if (errorMessage && errorMessage !== 'None') {
    throw africasTalkingRefusal(url, status, { message: `Africa's Talking refused the call: ${errorMessage.slice(0, 300)}` });
  }
  const entry = entries?.[0];
  if (!entry) throw africasTalkingRefusal(url, status, { message: "Africa's Talking answered without an entry for the call" });
  if (entry.status !== 'Queued') {
    const code = entry.status ?? 'Unknown';
    throw africasTalkingRefusal(url, status, { message: `Africa's Talking did not queue the call: ${code}`, providerCode: code });
  }
  if (!entry.sessionId || entry.sessionId === 'None' || entry.sessionId.length > 256) {
    throw africasTalkingRefusal(url, status, { message: "Africa's Talking queued the call without a usable sessionId" });
  }
  const phoneNumber = entry.phoneNumber && entry.phoneNumber.length <= 256 ? entry.phoneNumber : undefined;
  return { sessionId: entry.sessionId, ...(phoneNumber ? { phoneNumber } : {}), raw: { ...entry } };
}

/**
 * Africa's Talking has no REST call that ends a live call: a call ends when the XML served to
 * one of its callbacks ends it (for example `<Reject/>`), or when a party hangs up. So this
 * always rejects with `CallboardError` `UNSUPPORTED` (not retryable).
 */
export async function hangupAfricasTalkingCall(options: HangupOptions): Promise<never> {
  throw new CallboardError({
    code: 'UNSUPPORTED',
    message: "Africa's Talking cannot hang up a live call through its API; end it from the call's XML instead",
    details: { provider: 'africastalking', providerCallId: options.providerCallId },
  });
}
