import { CallboardError } from '../../errors/callboard-error.js';
import { ProviderApiError } from '../../errors/provider-api-error.js';
import type { CallStatusEvent } from '../../model/call-event.js';
import { parseJsonOrUndefined } from '../../provider-kit/parse-json-or-undefined.js';
import { sendProviderRequest } from '../../provider-kit/send-provider-request.js';
import type { HangupOptions, PlaceCallOptions, PlacedCall } from '../../provider/call-provider.js';
import { bytesToBase64 } from '../../util/base64.js';
import type { Clock } from '../../util/clock.js';
import { parseTwilioTimestamp } from './parse-twilio-timestamp.js';
import { twilioCallResourceSchema } from './twilio-api-schemas.js';
import { readTwilioError } from './twilio-error.js';

/** What the REST actions need, resolved from the provider settings. */
export interface TwilioApiConfig {
  accountSid: string;
  authToken: string;
  fromNumber: string | undefined;
  /** TwiML fetched from this URL runs when the callee answers; wins over `twiml`. */
  voiceUrl: string | undefined;
  /** TwiML that runs when the callee answers, when no `voiceUrl` is set. */
  twiml: string;
  /** Without a trailing slash. */
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  clock: Clock;
}

// Twilio only sends the events it is asked for, one callback each.
const STATUS_CALLBACK_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];

/**
 * Places a call through `POST /2010-04-01/Accounts/{AccountSid}/Calls.json` and returns its
 * `CallSid` with a `queued` status event. With `statusCallbackUrl`, Twilio reports all four
 * progress events there by POST.
 */
export async function placeTwilioCall(config: TwilioApiConfig, options: PlaceCallOptions): Promise<PlacedCall> {
  const from = options.from || config.fromNumber;
  if (!from) throw invalidArgument('No caller id: pass `from` or set `fromNumber` on the Twilio provider');
  if (!options.to) throw invalidArgument('No number to call');
  const form = new URLSearchParams({ To: options.to, From: from });
  if (config.voiceUrl) form.set('Url', config.voiceUrl);
  else form.set('Twiml', config.twiml);
  if (options.statusCallbackUrl) {
    form.set('StatusCallback', options.statusCallbackUrl);
    for (const event of STATUS_CALLBACK_EVENTS) form.append('StatusCallbackEvent', event);
    form.set('StatusCallbackMethod', 'POST');
  }
  const url = `${accountUrl(config)}/Calls.json`;
  const answer = await postTwilio(config, url, form, options.signal);
  const parsed = twilioCallResourceSchema.safeParse(answer.json);
  if (!parsed.success) {
    // The call may exist at Twilio, so a blind retry could dial twice.
    throw new ProviderApiError({ provider: 'twilio', url, statusCode: answer.status, message: 'Twilio answered without a call sid', isRetryable: false });
  }
  const call = parsed.data;
  const receivedAt = new Date(config.clock.now()).toISOString();
  const queued: CallStatusEvent = {
    v: 1,
    type: 'call.status',
    key: `twilio:${call.sid}:create:queued`,
    provider: 'twilio',
    providerCallId: call.sid,
    callId: options.callId,
    occurredAt: parseTwilioTimestamp(call.date_created ?? undefined) ?? receivedAt,
    receivedAt,
    status: 'queued',
    direction: 'outbound',
    from: call.from || from,
    to: call.to || options.to,
    raw: { sid: call.sid, date_created: call.date_created ?? null },
  };
  return { providerCallId: call.sid, events: [queued] };
}

/** Hangs up a call, whatever its state, through `POST .../Calls/{CallSid}.json` with `Status=completed`. */
export async function hangupTwilioCall(config: TwilioApiConfig, options: HangupOptions): Promise<void> {
  if (!options.providerCallId) throw invalidArgument('No CallSid to hang up');
  const url = `${accountUrl(config)}/Calls/${encodeURIComponent(options.providerCallId)}.json`;
  await postTwilio(config, url, new URLSearchParams({ Status: 'completed' }), options.signal);
}

function accountUrl(config: TwilioApiConfig): string {
  return `${config.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}`;
}

async function postTwilio(
  config: TwilioApiConfig,
  url: string,
  form: URLSearchParams,
  signal: AbortSignal | undefined,
): Promise<{ status: number; json: unknown }> {
  const answer = await sendProviderRequest({
    provider: 'twilio',
    name: 'Twilio',
    fetch: config.fetch,
    url,
    init: {
      method: 'POST',
      headers: {
        authorization: `Basic ${bytesToBase64(new TextEncoder().encode(`${config.accountSid}:${config.authToken}`))}`,
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
    },
    signal,
    readError: readTwilioError,
  });
  return { status: answer.status, json: parseJsonOrUndefined(answer.text) };
}

function invalidArgument(message: string): CallboardError {
  return new CallboardError({ code: 'INVALID_ARGUMENT', message, details: { provider: 'twilio' } });
}
