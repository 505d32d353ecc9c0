import { base64ToBytes, bytesToBase64 } from '../../util/base64.js';

const MAX_CLIENT_STATE_CHARS = 4096;
const MAX_CALL_ID_CHARS = 256;

/**
 * Encodes Callboard's call id as the Telnyx `client_state` (base64 is what Telnyx requires), so
 * every webhook of a call we placed names the call it belongs to.
 */
export function encodeTelnyxClientState(callId: string): string {
  return bytesToBase64(new TextEncoder().encode(JSON.stringify({ callId })));
}

/**
 * Reads the call id back from a webhook's `client_state`. Anything else in it (null, state an
 * application set with its own commands, garbage) yields undefined, never an error.
 */
export function decodeTelnyxClientState(clientState: string | null | undefined): string | undefined {
  if (!clientState || clientState.length > MAX_CLIENT_STATE_CHARS) return undefined;
  const bytes = base64ToBytes(clientState);
  if (bytes === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof decoded !== 'object' || decoded === null) return undefined;
  const callId = (decoded as { callId?: unknown }).callId;
  return typeof callId === 'string' && callId.length > 0 && callId.length <= MAX_CALL_ID_CHARS ? callId : undefined;
}
