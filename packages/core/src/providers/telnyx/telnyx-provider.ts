import { z } from 'zod';
import { CallboardError } from '../../errors/callboard-error.js';
import { lateBoundFetch } from '../../provider-kit/late-bound-fetch.js';
import { clockSetting, fetchSetting, functionSetting, httpUrlSetting } from '../../provider-kit/setting-schemas.js';
import type { CallProvider, WebhookReply } from '../../provider/call-provider.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { hangupTelnyxCall, placeTelnyxCall, type TelnyxApiConfig } from './telnyx-actions.js';
import { parseTelnyxWebhook } from './telnyx-parse-webhook.js';
import { decodeTelnyxPublicKey, importTelnyxPublicKey } from './telnyx-public-key.js';
import { TELNYX_DEFAULT_TOLERANCE_SEC, verifyTelnyxSignature, type TelnyxEd25519Verify } from './telnyx-verify-signature.js';

/** Settings of {@link createTelnyx}. */
export interface TelnyxProviderSettings {
  /** A Telnyx API key (`KEY...`), sent as a bearer token to place and end calls. */
  apiKey: string;
  /**
   * The account's webhook public key: base64 of the 32-byte Ed25519 key (Mission Control → Keys &
   * Credentials). During a key rotation pass the new and the old key; either is accepted.
   */
  publicKey: string | readonly string[];
  /** The Call Control Application (connection) id outbound calls are placed through. */
  connectionId: string;
  /** The default caller id (E.164) for outbound calls. */
  fromNumber?: string;
  /** The API base URL. Default `https://api.telnyx.com/v2`. */
  baseUrl?: string;
  /** How far (seconds) a webhook's signed timestamp may be from now, past or future. Default 300. */
  toleranceSec?: number;
  /** The fetch used for REST calls (for tests, proxies or instrumentation). Default: the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** The time source for the signature window and for placed calls. Default: the system clock. */
  clock?: Clock;
  /**
   * The Ed25519 check of webhook signatures. Default: Web Crypto. On Node, a synchronous
   * `node:crypto` one is cheaper per webhook; `@callboard/server` exports `nodeEd25519Verify` and
   * uses it for the adapters it creates.
   */
  ed25519Verify?: TelnyxEd25519Verify;
}

/** The Telnyx Call Control adapter. */
export interface TelnyxProvider extends CallProvider {
  readonly id: 'telnyx';
}

const settingsSchema = z.strictObject({
  apiKey: z.string().min(1),
  publicKey: z.union([z.string(), z.array(z.string()).min(1)]),
  connectionId: z.string().min(1),
  fromNumber: z.string().min(1).optional(),
  baseUrl: httpUrlSetting.optional(),
  toleranceSec: z.number().positive().finite().optional(),
  fetch: fetchSetting.optional(),
  clock: clockSetting().optional(),
  ed25519Verify: functionSetting<TelnyxEd25519Verify>().optional(),
});

const EMPTY_REPLY: WebhookReply = { status: 200, contentType: 'text/plain; charset=utf-8', body: '' };

/**
 * Creates the Telnyx Call Control adapter: Ed25519 webhook verification, webhook parsing into
 * canonical events, and placing and ending calls through the v2 REST API.
 *
 * Settings are checked at once: a missing key or a public key that is not base64 of 32 bytes
 * throws `INVALID_ARGUMENT` here, not on the first webhook.
 *
 * @example
 * const telnyx = createTelnyx({
 *   apiKey: process.env.TELNYX_API_KEY!,
 *   publicKey: process.env.TELNYX_PUBLIC_KEY!,
 *   connectionId: process.env.TELNYX_CONNECTION_ID!,
 *   fromNumber: '+15550001111',
 * });
 * await telnyx.verifyWebhook(request);
 * const events = telnyx.parseWebhook(request, { receivedAt: new Date() });
 */
export function createTelnyx(settings: TelnyxProviderSettings): TelnyxProvider {
  const checked = settingsSchema.safeParse(settings);
  if (!checked.success) {
    throw new CallboardError({
      code: 'INVALID_ARGUMENT',
      message: `Invalid Telnyx settings: ${checked.error.issues.map((issue) => issue.path.join('.') || issue.message).join(', ')}`,
      details: { provider: 'telnyx', fields: checked.error.issues.map((issue) => issue.path.join('.')) },
    });
  }
  const keyBytes = (typeof settings.publicKey === 'string' ? [settings.publicKey] : [...settings.publicKey]).map(decodeTelnyxPublicKey);
  const clock = settings.clock ?? systemClock;
  const toleranceSec = settings.toleranceSec ?? TELNYX_DEFAULT_TOLERANCE_SEC;
  const api: TelnyxApiConfig = {
    apiKey: settings.apiKey,
    connectionId: settings.connectionId,
    fromNumber: settings.fromNumber,
    baseUrl: (settings.baseUrl ?? 'https://api.telnyx.com/v2').replace(/\/+$/, ''),
    fetch: settings.fetch ?? lateBoundFetch,
    clock,
  };

  const verifyOptions = settings.ed25519Verify ? { ed25519Verify: settings.ed25519Verify } : {};
  // Imported on first use and kept; a failed import is not cached, so a later webhook retries it.
  let publicKeys: Promise<CryptoKey[]> | undefined;
  const getPublicKeys = () =>
    (publicKeys ??= Promise.all(keyBytes.map(importTelnyxPublicKey)).catch((error: unknown) => {
      publicKeys = undefined;
      throw error;
    }));

  return {
    specificationVersion: 'v1',
    id: 'telnyx',
    async verifyWebhook(request) {
      await verifyTelnyxSignature(request, { publicKey: await getPublicKeys(), clock, toleranceSec, ...verifyOptions });
    },
    parseWebhook(request, context) {
      return parseTelnyxWebhook(request, context);
    },
    webhookReply() {
      return { ...EMPTY_REPLY };
    },
    placeCall(options) {
      return placeTelnyxCall(api, options);
    },
    hangup(options) {
      return hangupTelnyxCall(api, options);
    },
  };
}
