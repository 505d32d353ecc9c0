import { CallboardError } from '../../errors/callboard-error.js';
import { WebhookVerificationError } from '../../errors/webhook-verification-error.js';
import type { WebhookRequest } from '../../provider/call-provider.js';
import { constantTimeEqual } from '../../util/constant-time-equal.js';

const PROVIDER = 'africastalking';

/** Options of {@link verifyAfricasTalkingRequest}. */
export interface VerifyAfricasTalkingRequestOptions {
  /**
   * The secret expected in the callback URL's `token` query parameter. Give several during a
   * rotation: any one of them is accepted.
   */
  callbackToken: string | readonly string[];
  /**
   * Optional: whether a `sessionId` belongs to a call we placed. Checked for outbound callbacks
   * only, since inbound sessions cannot be known in advance. Errors it throws propagate as they are.
   */
  isKnownSession?: (sessionId: string) => boolean | Promise<boolean>;
}

/**
 * Checks that a callback came from Africa's Talking. Africa's Talking signs nothing (no
 * signature header, no HMAC), so the callback URL configured at Africa's Talking must carry a
 * secret: `https://calls.example.com/webhooks/africastalking?token=<secret>`. This reads the
 * `token` query parameter of the public URL and compares it in constant time.
 *
 * Rejects with a `WebhookVerificationError`:
 * - `BAD_TOKEN` when the token is missing (or empty, or given twice) or does not match;
 * - `UNKNOWN_SESSION` when `isKnownSession` is set and an outbound callback names a session it
 *   does not know (or names none).
 *
 * @example
 * await verifyAfricasTalkingRequest(request, { callbackToken: process.env.AT_CALLBACK_TOKEN! });
 */
export async function verifyAfricasTalkingRequest(
  request: WebhookRequest,
  options: VerifyAfricasTalkingRequestOptions,
): Promise<void> {
  const expected = typeof options.callbackToken === 'string' ? [options.callbackToken] : [...options.callbackToken];
  if (expected.length === 0 || expected.some((token) => typeof token !== 'string' || token === '')) {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'callbackToken must be one or more non-empty strings' });
  }
  const given = tokensOf(request.url);
  if (given === undefined || given.length !== 1 || given[0] === '') {
    throw new WebhookVerificationError({ code: 'BAD_TOKEN', provider: PROVIDER, message: missingTokenMessage(given) });
  }
  let matches = false;
  for (const token of expected) matches = constantTimeEqual(given[0]!, token) || matches;
  if (!matches) {
    throw new WebhookVerificationError({ code: 'BAD_TOKEN', provider: PROVIDER, message: 'The callback token does not match' });
  }
  if (options.isKnownSession) await checkSession(request.rawBody, options.isKnownSession);
}

async function checkSession(
  rawBody: string,
  isKnownSession: (sessionId: string) => boolean | Promise<boolean>,
): Promise<void> {
  const form = new URLSearchParams(typeof rawBody === 'string' ? rawBody : '');
  if (form.get('direction')?.trim().toLowerCase() !== 'outbound') return;
  const sessionId = form.get('sessionId')?.trim();
  if (!sessionId || (await isKnownSession(sessionId)) !== true) {
    throw new WebhookVerificationError({
      code: 'UNKNOWN_SESSION',
      provider: PROVIDER,
      message: sessionId ? `Session ${sessionId.slice(0, 64)} is not a call we placed` : 'The callback names no sessionId',
    });
  }
}

/** The `token` parameters of the URL, or undefined when it is not an absolute URL. */
function tokensOf(url: string): string[] | undefined {
  try {
    return new URL(url).searchParams.getAll('token');
  } catch {
    return undefined;
  }
}

function missingTokenMessage(given: string[] | undefined): string {
  if (given === undefined) return 'The request URL is not an absolute URL, so it has no token to check';
  if (given.length > 1) return 'The callback URL carries the token parameter more than once';
  return "The callback URL has no token: add ?token=<callback token> to the URL configured at Africa's Talking";
}
