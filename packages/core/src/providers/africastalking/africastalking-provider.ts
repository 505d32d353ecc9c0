import { z } from 'zod';
import { CallboardError } from '../../errors/callboard-error.js';
import { lateBoundFetch } from '../../provider-kit/late-bound-fetch.js';
import { clockSetting, fetchSetting, functionSetting, httpUrlSetting } from '../../provider-kit/setting-schemas.js';
import type { CallProvider, WebhookReply } from '../../provider/call-provider.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { hangupAfricasTalkingCall, placeAfricasTalkingCall } from './africastalking-actions.js';
import { parseAfricasTalkingWebhook } from './africastalking-parse-webhook.js';
import { verifyAfricasTalkingRequest } from './africastalking-verify-signature.js';

/** The production voice API. */
export const AFRICASTALKING_BASE_URL = 'https://voice.africastalking.com';
/** The sandbox voice API (username `sandbox`). */
export const AFRICASTALKING_SANDBOX_BASE_URL = 'https://voice.sandbox.africastalking.com';

/** Settings of {@link createAfricasTalking}. */
export interface AfricasTalkingProviderSettings {
  /** The app username (`sandbox` in the sandbox). */
  username: string;
  /** The app's API key, sent in the `apiKey` header. */
  apiKey: string;
  /**
   * The secret in the callback URL's `token` query parameter (Africa's Talking signs nothing, so
   * this is what proves a callback is genuine). At least 16 characters; a list during rotation.
   */
  callbackToken: string | readonly string[];
  /** The Africa's Talking number outbound calls come from, in E.164. */
  fromNumber: string;
  /** Optional: whether a `sessionId` belongs to a call we placed; outbound callbacks for other sessions are rejected. */
  isKnownSession?: (sessionId: string) => boolean | Promise<boolean>;
  /** The voice API base URL. Default {@link AFRICASTALKING_BASE_URL}; use {@link AFRICASTALKING_SANDBOX_BASE_URL} for the sandbox. */
  baseUrl?: string;
  /** The fetch to call the API with. Default: the global `fetch`, looked up at each request. */
  fetch?: typeof globalThis.fetch;
  /** The clock for event times. Default: the system clock. */
  clock?: Clock;
}

/** The Africa's Talking adapter. */
export interface AfricasTalkingProvider extends CallProvider {
  readonly id: 'africastalking';
}

const token = z.string().min(16, 'callbackToken must be at least 16 characters');

const settingsSchema = z.strictObject({
  username: z.string().trim().min(1),
  apiKey: z.string().min(1),
  callbackToken: z.union([token, z.array(token).min(1)]),
  fromNumber: z.string().trim().min(1),
  isKnownSession: functionSetting<(sessionId: string) => boolean | Promise<boolean>>().optional(),
  baseUrl: httpUrlSetting.optional(),
  fetch: fetchSetting.optional(),
  clock: clockSetting().optional(),
});

const REPLY: WebhookReply = {
  status: 200,
  contentType: 'text/xml',
  // Africa's Talking needs valid XML even on the final callback, where it ignores it.
  body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
};

/**
 * Creates the Africa's Talking voice adapter: verifies callbacks by the secret token in their
 * URL, parses them into canonical events, answers with an empty `<Response/>`, and places calls
 * through `POST /call`. Hanging up is not offered by Africa's Talking's API (`UNSUPPORTED`).
 *
 * Throws `CallboardError` `INVALID_ARGUMENT` for unusable settings (a missing field, an unknown
 * key, a token shorter than 16 characters).
 *
 * @example
 * const africastalking = createAfricasTalking({
 *   username: 'myapp',
 *   apiKey: process.env.AT_API_KEY!,
 *   callbackToken: process.env.AT_CALLBACK_TOKEN!,
 *   fromNumber: '+254711082000',
 * });
 * // Callback URL to configure at Africa's Talking:
 * // https://calls.example.com/webhooks/africastalking?token=<AT_CALLBACK_TOKEN>
 */
export function createAfricasTalking(settings: AfricasTalkingProviderSettings): AfricasTalkingProvider {
  const parsed = settingsSchema.safeParse(settings);
  if (!parsed.success) {
    // Field names only: values (the API key) never go into the error.
    const fields = parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.')],
    );
    throw new CallboardError({
      code: 'INVALID_ARGUMENT',
      message: `Invalid Africa's Talking settings: ${fields.join(', ')}`,
      details: { fields },
    });
  }
  const config = parsed.data;
  const verifyOptions = {
    callbackToken: config.callbackToken,
    ...(config.isKnownSession ? { isKnownSession: config.isKnownSession } : {}),
  };
  const apiConfig = {
    username: config.username,
    apiKey: config.apiKey,
    fromNumber: config.fromNumber,
    baseUrl: config.baseUrl ?? AFRICASTALKING_BASE_URL,
    fetch: config.fetch ?? lateBoundFetch,
    clock: config.clock ?? systemClock,
  };
  return {
    specificationVersion: 'v1',
    id: 'africastalking',
    verifyWebhook: (request) => verifyAfricasTalkingRequest(request, verifyOptions),
    parseWebhook: (request, context) => parseAfricasTalkingWebhook(request, context),
    webhookReply: () => ({ ...REPLY }),
    placeCall: (options) => placeAfricasTalkingCall(options, apiConfig),
    hangup: (options) => hangupAfricasTalkingCall(options),
  };
}
