export { CallboardError, type CallboardErrorCode, type CallboardErrorOptions } from './callboard-error.js';
export { WebhookVerificationError, type WebhookVerificationErrorCode } from './webhook-verification-error.js';
export { WebhookParseError } from './webhook-parse-error.js';
export { ProviderApiError, isRetryableStatus } from './provider-api-error.js';
