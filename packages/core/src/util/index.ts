export { constantTimeEqual } from './constant-time-equal.js';
export { base64ToBytes, bytesToBase64, bytesToHex } from './base64.js';
export { systemClock, type Clock } from './clock.js';
