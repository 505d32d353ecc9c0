/**
 * `@callboard/react`: `CallboardProvider` and hooks over the core realtime client's store.
 *
 * @module
 */
export const CALLBOARD_REACT_VERSION = '0.1.0';
