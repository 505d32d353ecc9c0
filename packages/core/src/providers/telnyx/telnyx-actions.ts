import { CallboardError } from '../../errors/callboard-error.js';
import { ProviderApiError } from '../../errors/provider-api-error.js';
import { CALL_EVENT_VERSION, type CallEvent } from '../../model/call-event.js';
import { parseJsonOrUndefined } from '../../provider-kit/parse-json-or-undefined.js';
import { sendProviderRequest } from '../../provider-kit/send-provider-request.js';
import type { HangupOptions, PlaceCallOptions, PlacedCall } from '../../provider/call-provider.js';
import type { Clock } from '../../util/clock.js';
import { telnyxDialResponseSchema } from './telnyx-api-schemas.js';
import { encodeTelnyxClientState } from './telnyx-client-state.js';
import { readTelnyxError } from './telnyx-error.js';

/** What the REST actions need, resolved from the provider settings. */
export interface TelnyxApiConfig {
  apiKey: string;
  connectionId: string;
  fromNumber: string | undefined;
  /** Without a trailing slash. */
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  clock: Clock;
}

/**
 * Dials through `POST /calls`. The call id travels as `client_state` (so every webhook names its
 * call) and as `command_id` (so a retried request does not dial twice).
 */
export async function placeTelnyxCall(config: TelnyxApiConfig, options: PlaceCallOptions): Promise<PlacedCall> {
  const from = options.from || config.fromNumber;
  if (!from) throw invalidArgument('No caller id: pass `from` or set `fromNumber` on the Telnyx provider');
  if (!options.to) throw invalidArgument('No number to call');
  const url = `${config.baseUrl}/calls`;
  const body = {
    connection_id: config.connectionId,
    to: options.to,
    from,
    client_state: encodeTelnyxClientState(options.callId),
    command_id: options.callId,
    ...(options.statusCallbackUrl ? { webhook_url: options.statusCallbackUrl } : {}),
  };
  const answer = await postTelnyx(config, url, body, options.signal);
  const parsed = telnyxDialResponseSchema.safeParse(answer.json);
  if (!parsed.success) {
    // The call may exist at Telnyx, so retrying blindly could dial twice (command_id guards that).
    throw new ProviderApiError({ provider: 'telnyx', url, statusCode: answer.status, message: 'Telnyx answered the dial without a call_control_id', isRetryable: false });
  }
  const data = parsed.data.data;
  const now = new Date(config.clock.now()).toISOString();
  const queued: CallEvent = {
    v: CALL_EVENT_VERSION,
    type: 'call.status',
    key: `telnyx:queued:${data.call_control_id}`,
    provider: 'telnyx',
    providerCallId: data.call_control_id,
    callId: options.callId,
    occurredAt: now,
    receivedAt: now,
    status: 'queued',
    direction: 'outbound',
    from,
    to: options.to,
    raw: { call_control_id: data.call_control_id, call_leg_id: data.call_leg_id ?? null, call_session_id: data.call_session_id ?? null },
  };
  return { providerCallId: data.call_control_id, events: [queued] };
}

/** Ends a call through `POST /calls/{call_control_id}/actions/hangup`. */
export async function hangupTelnyxCall(config: TelnyxApiConfig, options: HangupOptions): Promise<void> {
  if (!options.providerCallId) throw invalidArgument('No call_control_id to hang up');
  const url = `${config.baseUrl}/calls/${encodeURIComponent(options.providerCallId)}/actions/hangup`;
  await postTelnyx(config, url, {}, options.signal);
}

async function postTelnyx(
  config: TelnyxApiConfig,
  url: string,
  body: Record<string, unknown>,
  signal: AbortSignal | undefined,
): Promise<{ status: number; json: unknown }> {
  const answer = await sendProviderRequest({
    provider: 'telnyx',
    name: 'Telnyx',
    fetch: config.fetch,
    url,
    init: {
      method: 'POST',
      headers: { authorization: `Bearer ${config.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    },
    signal,
    readError: readTelnyxError,
  });
  return { status: answer.status, json: parseJsonOrUndefined(answer.text) };
}

function invalidArgument(message: string): CallboardError {
  return new CallboardError({ code: 'INVALID_ARGUMENT', message, details: { provider: 'telnyx' } });
}
