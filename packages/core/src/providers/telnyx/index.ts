/**
 * `@callboard/core/telnyx`: the Telnyx Call Control adapter.
 *
 * @module
 */
export { createTelnyx, type TelnyxProvider, type TelnyxProviderSettings } from './telnyx-provider.js';
export { verifyTelnyxSignature, type TelnyxEd25519Verify, type TelnyxSignedRequest, type VerifyTelnyxSignatureOptions } from './telnyx-verify-signature.js';
export { decodeTelnyxPublicKey, importTelnyxPublicKey } from './telnyx-public-key.js';
export { parseTelnyxWebhook } from './telnyx-parse-webhook.js';
