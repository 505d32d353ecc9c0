/**
 * `@callboard/core`: the canonical call model and status rules, the provider contract, errors,
 * and (from subpaths) the provider adapters and test helpers.
 *
 * @module
 */
export * from './model/index.js';
export * from './errors/index.js';
export * from './provider/index.js';
export { systemClock, type Clock } from './util/clock.js';
export * from './api/index.js';
export * from './logger/index.js';
export * from './realtime/index.js';
