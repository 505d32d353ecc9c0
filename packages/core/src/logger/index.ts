export { createCallLogger, type CallLogger, type CallLoggerEvents, type CallLoggerOptions } from './create-call-logger.js';
export { CallLoggerError } from './call-logger-error.js';
export type { CallEndInput, CallStartInput, TranscriptLine } from './ingest-requests.js';
export type { LoggerOperation, OutboxEntry, OutboxStorage } from './outbox-entry.js';
export type { LoggerRetry } from './outbox-dispatcher.js';
