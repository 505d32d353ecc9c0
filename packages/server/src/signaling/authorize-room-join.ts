import type { Call } from '@callboard/core';
import { hasScope, type Principal } from '../auth/index.js';
import type { CallStore } from '../store/call-store.js';

/** What deciding a join gave: the room's call when it is known, or a refusal. */
export type RoomAccess = { ok: true; call: Call | undefined } | { ok: false; message: string };

/**
 * @internal Decides whether a principal may enter a room. Rooms come from
 * `POST /api/calls/initiate`, which stores the room id in the call's `metadata.roomId`:
 *
 * - a credential limited to some rooms (`rooms` claim) may enter those, and no other;
 * - any other credential needs `read` and a call whose `metadata.roomId` is the room: the one the
 *   client names (`callId`) or the one the room is already bound to.
 *
 * A `callId` that does not exist or whose room is another one is refused in the same words, so a
 * refusal says nothing about which calls exist.
 */
export async function authorizeRoomJoin(
  store: CallStore,
  principal: Principal,
  request: { room: string; callId?: string | undefined },
  boundCallId: () => Promise<string | undefined>,
): Promise<RoomAccess> {
  const limited = principal.rooms !== undefined;
  if (limited && !principal.rooms!.includes(request.room)) return { ok: false, message: `Room ${request.room} is not allowed` };
  if (!limited && !hasScope(principal, 'read')) return { ok: false, message: 'Joining a room needs the read scope or a token for it' };
  if (request.callId !== undefined) {
    const call = await store.getCall(request.callId);
    if (!call || call.metadata.roomId !== request.room) {
      return { ok: false, message: `Room ${request.room} does not belong to call ${request.callId}` };
    }
    return { ok: true, call };
  }
  const bound = await boundCallId();
  const call = bound === undefined ? undefined : await store.getCall(bound);
  if (limited) return { ok: true, call };
  if (call) return { ok: true, call };
  return { ok: false, message: `Say which call room ${request.room} belongs to (callId), or use a token for the room` };
}
