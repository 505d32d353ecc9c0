import type { CallEvent } from '../model/call-event.js';

/**
 * A webhook as it arrived, before anything parsed it. Signatures cover exact bytes, so the body
 * is the raw text and the URL is the public URL the provider called (scheme, host, port, path
 * and query exactly as configured at the provider), not whatever a proxy forwarded.
 */
export interface WebhookRequest {
  /** HTTP method (`POST`, or `GET` for providers configured to use it). */
  method: string;
  /** The full public URL the provider requested, including the query string. */
  url: string;
  /** The request headers. Lookups are case-insensitive. */
  headers: Headers;
  /** The raw request body, exactly as received (empty string for GET). */
  rawBody: string;
}

/** Context the caller gives the parser. */
export interface ParseWebhookContext {
  /** When the webhook was received. Becomes each event's `receivedAt`. */
  receivedAt: Date;
}

/** What to answer the provider once its webhook has been stored. */
export interface WebhookReply {
  /** HTTP status, normally 200. */
  status: number;
  /** The `Content-Type` of the body. */
  contentType: string;
  /** The body (an empty TwiML or Africa's Talking `<Response/>`, or an empty string). */
  body: string;
}

/** Options for placing an outbound call. */
export interface PlaceCallOptions {
  /** Callboard's id for the call (echoed in provider metadata so webhooks can be matched). */
  callId: string;
  /** The number (E.164) or SIP URI to call. */
  to: string;
  /** The caller id. Adapters fall back to their configured default number. */
  from?: string;
  /** The public URL the provider should send this call's status webhooks to, when it takes one per call. */
  statusCallbackUrl?: string;
  /** Abort the request. */
  signal?: AbortSignal;
}

/** The result of placing a call. */
export interface PlacedCall {
  /** The provider's id for the new call. */
  providerCallId: string;
  /** The events placing produced (at least the `queued` status event). */
  events: CallEvent[];
}

/** Options for hanging up a call. */
export interface HangupOptions {
  /** The provider's id for the call. */
  providerCallId: string;
  /** Abort the request. */
  signal?: AbortSignal;
}

/** Receives events a provider pushes by itself (the simulated provider, an event-socket PBX). */
export type CallEventSink = (events: CallEvent[]) => void | Promise<void>;

/**
 * The contract every telephony provider adapter implements. Users rarely call it directly:
 * the server's hub and webhook handler do. Each adapter lives in its own folder
 * (`providers/<id>/`) with the same files, and is a factory returning this object.
 *
 * Verification and parsing are separate so a handler can answer 401/403 for a forged request
 * and 400 for a genuine but unparseable one, and so neither step ever sees a parsed body.
 */
export interface CallProvider {
  /** The version of this contract the adapter implements. */
  readonly specificationVersion: 'v1';
  /** The provider's id (`twilio`, `telnyx`, `africastalking`, `simulated`), stored on each call. */
  readonly id: string;
  /**
   * Proves the webhook came from the provider, with the provider's own scheme, in constant time.
   * Resolves when it did; rejects with a `WebhookVerificationError` (`MISSING_SIGNATURE`,
   * `BAD_SIGNATURE`, `STALE_TIMESTAMP`, `BAD_TOKEN`, `UNKNOWN_SESSION`) when it did not.
   */
  verifyWebhook(request: WebhookRequest): Promise<void>;
  /**
   * Turns a verified webhook into canonical events (possibly none, for callbacks that carry
   * nothing about the call). Throws only `WebhookParseError` (`BAD_PAYLOAD`), whatever the input.
   */
  parseWebhook(request: WebhookRequest, context: ParseWebhookContext): CallEvent[];
  /** What to answer the provider after the events are stored. */
  webhookReply(): WebhookReply;
  /**
   * Places an outbound call through the provider's API. Rejects with `ProviderApiError`
   * (with `isRetryable`) when the provider refuses or cannot be reached.
   */
  placeCall(options: PlaceCallOptions): Promise<PlacedCall>;
  /** Ends a call, whatever its state. Rejects with `ProviderApiError`. */
  hangup(options: HangupOptions): Promise<void>;
  /**
   * For providers that produce events without webhooks: registers the sink that receives them
   * and returns a function that detaches it.
   */
  attach?(sink: CallEventSink): () => void;
}
