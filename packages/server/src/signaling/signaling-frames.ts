import { z } from 'zod';
import { SIGNAL_TYPES, type SignalType } from './signal-types.js';

const roomId = z.string().min(1).max(256);
const peerId = z.string().min(1).max(64);

const joinRoomSchema = z
  .object({
    type: z.literal('join-room'),
    room: roomId,
    /** The room subscription's id (default: the room id). */
    id: z.string().min(1).max(64).optional(),
    callId: z.string().min(1).max(256).optional(),
    peerId: peerId.optional(),
    resumeKey: z.string().min(1).max(128).optional(),
  })
  .strict()
  .refine((frame) => (frame.peerId === undefined) === (frame.resumeKey === undefined), {
    message: 'peerId and resumeKey go together',
    path: ['resumeKey'],
  });

const leaveRoomSchema = z.object({ type: z.literal('leave-room'), room: roomId }).strict();

// Not strict: a client's `from` (or anything else) is dropped, never trusted or echoed.
const signalSchema = z.object({
  type: z.enum(SIGNAL_TYPES),
  room: roomId.optional(),
  to: peerId.optional(),
  id: z.string().min(1).max(64).optional(),
  payload: z.unknown().optional(),
});

/** A `join-room` frame. */
export type JoinRoomFrame = z.infer<typeof joinRoomSchema>;
/** A `leave-room` frame. */
export type LeaveRoomFrame = z.infer<typeof leaveRoomSchema>;
/** A frame the relay forwards, as the sender wrote it (minus anything unknown). */
export type SignalFrame = z.infer<typeof signalSchema> & { type: SignalType };

/** What parsing a relay frame gave. */
export type ParsedSignalingFrame<T> = { ok: true; frame: T } | { ok: false; message: string };

function parseWith<T>(schema: z.ZodType<T>, input: unknown): ParsedSignalingFrame<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  const type = typeof (input as { type?: unknown }).type === 'string' ? (input as { type: string }).type : 'signaling';
  return { ok: false, message: `Invalid "${type}" frame${where}: ${issue?.message ?? 'bad fields'}` };
}

/** @internal Validates a `join-room` frame. */
export const parseJoinRoomFrame = (input: unknown) => parseWith(joinRoomSchema, input);
/** @internal Validates a `leave-room` frame. */
export const parseLeaveRoomFrame = (input: unknown) => parseWith(leaveRoomSchema, input);
/** @internal Validates an `offer`, `answer`, `ice-candidate`, `renegotiate` or `leave` frame; the payload is not looked into. */
export const parseSignalFrame = (input: unknown) => parseWith(signalSchema, input) as ParsedSignalingFrame<SignalFrame>;
