/**
 * `@callboard/core/africastalking`: the Africa's Talking voice adapter (token-verified callbacks,
 * make-call) and builders for the XML that drives a call.
 *
 * @module
 */
export {
  AFRICASTALKING_BASE_URL,
  AFRICASTALKING_SANDBOX_BASE_URL,
  createAfricasTalking,
  type AfricasTalkingProvider,
  type AfricasTalkingProviderSettings,
} from './africastalking-provider.js';
export {
  verifyAfricasTalkingRequest,
  type VerifyAfricasTalkingRequestOptions,
} from './africastalking-verify-signature.js';
export { parseAfricasTalkingWebhook } from './africastalking-parse-webhook.js';
export { mapAfricasTalkingHangupCause, type AfricasTalkingCallEnd } from './map-africastalking-hangup-cause.js';
export { AFRICASTALKING_ENTRY_STATUSES, type AfricasTalkingEntryStatus } from './africastalking-error.js';
export {
  buildAfricasTalkingResponse,
  conference,
  dequeue,
  dial,
  enqueue,
  escapeXml,
  getDigits,
  play,
  record,
  redirect,
  reject,
  say,
  type AfricasTalkingAction,
  type AfricasTalkingActionName,
  type AfricasTalkingPrompt,
  type DialOptions,
  type GetDigitsOptions,
  type RecordOptions,
} from './africastalking-xml-actions.js';
