import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear in a log line, so a credential that ends up in a
 * logged object (a header bag, an options object, an error's details) never reaches the log.
 */
export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'headers["x-twilio-signature"]',
  'headers["telnyx-signature-ed25519"]',
  'token',
  'apiKey',
  'authToken',
  'callbackToken',
  'signature',
  'password',
  '*.authorization',
  '*.token',
  '*.apiKey',
  '*.authToken',
  '*.callbackToken',
  '*.signature',
  '*.password',
];

/** The CLI's structured logger: JSON lines on stdout (or `destination`), secrets redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'callboard' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
