import { z } from 'zod';
import { CallboardError } from '../../errors/callboard-error.js';
import { lateBoundFetch } from '../../provider-kit/late-bound-fetch.js';
import { clockSetting, fetchSetting, functionSetting, httpUrlSetting } from '../../provider-kit/setting-schemas.js';
import type { CallProvider } from '../../provider/call-provider.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { hangupTwilioCall, placeTwilioCall, type TwilioApiConfig } from './twilio-actions.js';
import { parseTwilioWebhook } from './twilio-parse-webhook.js';
import { verifyTwilioSignature, type TwilioHmacSha1 } from './twilio-verify-signature.js';
import { twilioWebhookReply } from './twilio-webhook-reply.js';

/** The TwiML a placed call runs when answered, unless `voiceUrl` or `twiml` says otherwise. */
export const TWILIO_DEFAULT_CALL_TWIML = '<Response><Pause length="1"/><Hangup/></Response>';

/** Settings of {@link createTwilio}. */
export interface TwilioProviderSettings {
  /** The account SID (`AC...`): the REST path and the Basic-auth user. */
  accountSid: string;
  /** The auth token: signs webhooks and is the Basic-auth password. */
  authToken: string;
  /** During an auth-token rotation, the other token; webhooks signed with either are accepted. */
  secondaryAuthToken?: string;
  /** The default caller id (E.164, or a verified number) for outbound calls. */
  fromNumber?: string;
  /** A URL Twilio fetches the TwiML of an answered outbound call from (the `Url` parameter). */
  voiceUrl?: string;
  /** The TwiML an answered outbound call runs when no `voiceUrl` is set. Default {@link TWILIO_DEFAULT_CALL_TWIML}. */
  twiml?: string;
  /** The REST API base URL. Default `https://api.twilio.com`. */
  baseUrl?: string;
  /** The fetch used for REST calls (for tests, proxies or instrumentation). Default: the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** The time source for placed calls. Default: the system clock. */
  clock?: Clock;
  /**
   * The HMAC-SHA1 that checks webhook signatures. Default: Web Crypto. On Node, a synchronous
   * `node:crypto` one is several times cheaper per webhook; `@callboard/server` exports
   * `nodeHmacSha1` and uses it for the adapters it creates.
   */
  hmacSha1?: TwilioHmacSha1;
}

/** The Twilio Programmable Voice adapter. */
export interface TwilioProvider extends CallProvider {
  readonly id: 'twilio';
}

const settingsSchema = z.strictObject({
  accountSid: z.string().min(1),
  authToken: z.string().min(1),
  secondaryAuthToken: z.string().min(1).optional(),
  fromNumber: z.string().min(1).optional(),
  voiceUrl: httpUrlSetting.optional(),
  // Twilio's limit for the Twiml parameter.
  twiml: z.string().min(1).max(4000).optional(),
  baseUrl: httpUrlSetting.optional(),
  fetch: fetchSetting.optional(),
  clock: clockSetting().optional(),
  hmacSha1: functionSetting<TwilioHmacSha1>().optional(),
});

/**
 * Creates the Twilio Programmable Voice adapter: `X-Twilio-Signature` verification (with the
 * secondary token during a rotation), status/recording/transcription webhook parsing into
 * canonical events, and placing and ending calls through the 2010-04-01 REST API.
 *
 * Settings are checked at once: a missing SID or token throws `INVALID_ARGUMENT` here. Tokens
 * never appear in errors.
 *
 * @example
 * const twilio = createTwilio({
 *   accountSid: process.env.TWILIO_ACCOUNT_SID!,
 *   authToken: process.env.TWILIO_AUTH_TOKEN!,
 *   fromNumber: '+15550001111',
 * });
 * await twilio.verifyWebhook(request);
 * const events = twilio.parseWebhook(request, { receivedAt: new Date() });
 */
export function createTwilio(settings: TwilioProviderSettings): TwilioProvider {
  const checked = settingsSchema.safeParse(settings);
  if (!checked.success) {
    const fields = checked.error.issues.map((issue) => issue.path.join('.') || issue.message);
    throw new CallboardError({
      code: 'INVALID_ARGUMENT',
      message: `Invalid Twilio settings: ${fields.join(', ')}`,
      details: { provider: 'twilio', fields },
    });
  }
  const tokens = settings.secondaryAuthToken ? [settings.authToken, settings.secondaryAuthToken] : [settings.authToken];
  const verifyOptions = settings.hmacSha1 ? { hmacSha1: settings.hmacSha1 } : {};
  const api: TwilioApiConfig = {
    accountSid: settings.accountSid,
    authToken: settings.authToken,
    fromNumber: settings.fromNumber,
    voiceUrl: settings.voiceUrl,
    twiml: settings.twiml ?? TWILIO_DEFAULT_CALL_TWIML,
    baseUrl: (settings.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, ''),
    fetch: settings.fetch ?? lateBoundFetch,
    clock: settings.clock ?? systemClock,
  };
  return {
    specificationVersion: 'v1',
    id: 'twilio',
    verifyWebhook(request) {
      return verifyTwilioSignature(request, tokens, verifyOptions);
    },
    parseWebhook(request, context) {
      return parseTwilioWebhook(request, context);
    },
    webhookReply() {
      return twilioWebhookReply();
    },
    placeCall(options) {
      return placeTwilioCall(api, options);
    },
    hangup(options) {
      return hangupTwilioCall(api, options);
    },
  };
}
