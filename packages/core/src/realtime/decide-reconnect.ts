import { CallboardError } from '../errors/index.js';
import type { TransportClose } from './realtime-transport.js';

/** @internal What to do after a connection ended (docs/protocol.md §7). */
export type ReconnectDecision =
  | { kind: 'stop'; error: CallboardError | undefined }
  | { kind: 'retry'; delay: 'backoff' | { afterMs: number } };

/**
 * @internal
 * - stop for good on the codes that no retry can fix (1000, 1009, 4003, 4400), and on 4001
 *   unless the token can be refreshed and the credential had worked (it expired);
 * - 4008 (slow consumer): reconnect at once and resume; again 4008 before the connection became
 *   stable: back off, since a client that cannot keep up should not hammer the server;
 * - 4013 / 4029 with a hint: wait `retryAfterMs` plus up to `jitterMs`, so a crowd does not return at once;
 * - anything else: full-jitter exponential backoff.
 */
export function decideReconnect(
  close: TransportClose,
  context: { canRefreshToken: boolean; wasWelcomed: boolean; attempt: number; jitterMs: number; random: () => number },
): ReconnectDecision {
  switch (close.code) {
    case 1000:
      return { kind: 'stop', error: undefined };
    case 1009:
      return stop('PAYLOAD_TOO_LARGE', 'The server refused a frame as too large (1009)', close);
    case 4001:
      if (context.canRefreshToken && context.wasWelcomed) return { kind: 'retry', delay: 'backoff' };
      return stop('UNAUTHORIZED', 'The server refused the credential (4001)', close);
    case 4003:
      return stop('FORBIDDEN', 'The credential may not use the realtime API (4003)', close);
    case 4400:
      return stop('UNSUPPORTED', 'The server does not speak realtime protocol version 1 (4400)', close);
    case 4008:
      return { kind: 'retry', delay: context.attempt === 0 ? { afterMs: 0 } : 'backoff' };
    case 4013:
    case 4029:
      if (close.retryAfterMs !== undefined) {
        return { kind: 'retry', delay: { afterMs: Math.round(close.retryAfterMs + context.random() * context.jitterMs) } };
      }
      return { kind: 'retry', delay: 'backoff' };
    default:
      return { kind: 'retry', delay: 'backoff' };
  }
}

function stop(code: 'PAYLOAD_TOO_LARGE' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'UNSUPPORTED', message: string, close: TransportClose): ReconnectDecision {
  return {
    kind: 'stop',
    error: new CallboardError({ code, message, details: { closeCode: close.code, reason: close.reason } }),
  };
}
