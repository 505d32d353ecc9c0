/**
 * `@callboard/core/testing`: helpers for testing your own integration without a provider:
 * sign a Twilio or Telnyx request, build an Africa's Talking callback, and a fake clock.
 *
 * @module
 */
export * from './twilio.js';
export * from './telnyx.js';
export * from './africastalking.js';
export * from './fake-clock.js';
