import { CallboardError } from '../errors/callboard-error.js';
import { encodeTelnyxClientState } from '../providers/telnyx/telnyx-client-state.js';
import { base64ToBytes, bytesToBase64, bytesToHex } from '../util/base64.js';

// An Ed25519 PKCS#8 private key is this fixed DER header followed by the 32-byte seed (RFC 8410).
const PKCS8_ED25519_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/** A Telnyx-style webhook key pair for tests. */
export interface TelnyxTestKeyPair {
  /** Base64 of the 32-byte public key: what `createTelnyx({ publicKey })` takes. */
  publicKey: string;
  /** The private key, for {@link signTelnyxRequest}. */
  privateKey: CryptoKey;
  /** The 32-byte seed the private key was derived from, as hex. */
  seed: string;
}

/**
 * Creates an Ed25519 key pair like the one Telnyx signs webhooks with. Pass a `seed` (32 bytes,
 * or 64 hex characters) for the same pair on every run, for example RFC 8032's first test key.
 *
 * @example
 * const { publicKey, privateKey } = await generateTelnyxTestKeyPair({
 *   seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
 * });
 * publicKey; // '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=' (RFC 8032 test 1)
 */
export async function generateTelnyxTestKeyPair(options: { seed?: string | Uint8Array } = {}): Promise<TelnyxTestKeyPair> {
  const seed = options.seed === undefined ? crypto.getRandomValues(new Uint8Array(32)) : readSeed(options.seed);
  const privateKey = await importSeed(seed, true);
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  const publicBytes = base64ToBytes(base64UrlToBase64(jwk.x ?? ''));
  if (publicBytes === undefined || publicBytes.length !== 32) throw new Error('Web Crypto exported an Ed25519 key without its public part');
  return { publicKey: bytesToBase64(publicBytes), privateKey: await importSeed(seed, false), seed: bytesToHex(seed) };
}

/** The two headers Telnyx sends with every webhook (a plain record, so it fits `HeadersInit`). */
export type TelnyxSignatureHeaders = {
  'telnyx-signature-ed25519': string;
  'telnyx-timestamp': string;
};

/** Options of {@link signTelnyxRequest}: the body, the time, and either the private key or its seed. */
export type SignTelnyxRequestOptions = {
  /** The exact body that will be sent. */
  rawBody: string;
  /** Unix seconds to sign with (keep it within the verifier's window of its clock). */
  timestamp: number;
} & ({ privateKey: CryptoKey; seed?: never } | { seed: string | Uint8Array; privateKey?: never });

/**
 * Signs a body the way Telnyx does (Ed25519 over `` `${timestamp}|${rawBody}` ``) and returns
 * the headers to send with it.
 *
 * @example
 * const rawBody = JSON.stringify(buildTelnyxEvent('call.answered', {}, { callId: 'call_1' }));
 * const headers = await signTelnyxRequest({ rawBody, privateKey, timestamp: 1_780_000_000 });
 * await fetch('http://127.0.0.1:3000/webhooks/telnyx', { method: 'POST', headers, body: rawBody });
 */
export async function signTelnyxRequest(options: SignTelnyxRequestOptions): Promise<TelnyxSignatureHeaders> {
  if (!Number.isSafeInteger(options.timestamp) || options.timestamp < 0) {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'timestamp must be whole Unix seconds' });
  }
  const key = options.privateKey ?? (await importSeed(readSeed(options.seed!), false));
  const message = new TextEncoder().encode(`${options.timestamp}|${options.rawBody}`);
  const signature = new Uint8Array(await crypto.subtle.sign('Ed25519', key, message));
  return { 'telnyx-signature-ed25519': bytesToBase64(signature), 'telnyx-timestamp': String(options.timestamp) };
}

/** A Telnyx Call Control webhook body, as {@link buildTelnyxEvent} builds it. */
export interface TelnyxWebhookBody {
  data: {
    record_type: 'event';
    event_type: string;
    id: string;
    occurred_at: string;
    payload: Record<string, unknown>;
  };
  meta: { attempt: number; delivered_to: string };
}

/** Options of {@link buildTelnyxEvent}. */
export interface BuildTelnyxEventOptions {
  /** `data.id`, the dedupe key. Default: a random UUID. */
  id?: string;
  /** `data.occurred_at`. Default: now. */
  occurredAt?: string | Date;
  /** Sets `client_state` the way `placeCall` does, so the events name this Callboard call. */
  callId?: string;
}

/**
 * Builds a Telnyx webhook body of any `event_type`. The payload starts from a plausible call
 * (`call_control_id`, leg and session ids, `connection_id`, `from`, `to`) and `payload`
 * overrides or adds fields.
 *
 * @example
 * const body = buildTelnyxEvent('call.hangup', { hangup_cause: 'user_busy', hangup_source: 'callee', sip_hangup_cause: '486' });
 * const events = telnyx.parseWebhook({ method: 'POST', url, headers, rawBody: JSON.stringify(body) }, { receivedAt: new Date() });
 * events[0]; // { type: 'call.status', status: 'busy', hangupCause: 'busy', sipCode: 486, ... }
 */
export function buildTelnyxEvent(
  eventType: string,
  payload: Record<string, unknown> = {},
  options: BuildTelnyxEventOptions = {},
): TelnyxWebhookBody {
  const occurredAt = options.occurredAt ?? new Date();
  return {
    data: {
      record_type: 'event',
      event_type: eventType,
      id: options.id ?? crypto.randomUUID(),
      occurred_at: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
      payload: {
        call_control_id: 'v3:test-call-control-id',
        call_leg_id: '00000000-0000-4000-8000-000000000001',
        call_session_id: '00000000-0000-4000-8000-000000000002',
        connection_id: '1000000000000000001',
        client_state: options.callId === undefined ? null : encodeTelnyxClientState(options.callId),
        from: '+15550001111',
        to: '+15550002222',
        ...payload,
      },
    },
    meta: { attempt: 1, delivered_to: 'http://127.0.0.1/webhooks/telnyx' },
  };
}

function readSeed(seed: string | Uint8Array): Uint8Array<ArrayBuffer> {
  const bytes = typeof seed === 'string' ? hexToBytes(seed) : new Uint8Array(seed);
  if (bytes === undefined || bytes.length !== 32) {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'An Ed25519 seed is 32 bytes (64 hex characters)' });
  }
  return bytes;
}

function importSeed(seed: Uint8Array, extractable: boolean): Promise<CryptoKey> {
  const pkcs8 = new Uint8Array([...PKCS8_ED25519_PREFIX, ...seed]);
  return crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, extractable, ['sign']);
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function base64UrlToBase64(value: string): string {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  return base64 + '='.repeat((4 - (base64.length % 4)) % 4);
}
