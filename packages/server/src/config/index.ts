export { DEFAULT_DB, DEFAULT_SIMULATE, parseConfig, START_FLAGS, type CallboardConfig, type ProviderConfigs } from './parse-config.js';
