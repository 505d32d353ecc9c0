import { z } from 'zod';
import { callSchema } from '../model/call.js';
import { callEventSchema } from '../model/call-event.js';
import type { Call, CallEvent } from '../model/index.js';
import type { CallsFilter } from './calls-filter.js';

const welcomeFrame = z.object({
  type: z.literal('welcome'),
  protocol: z.number(),
  connectionId: z.string().optional(),
  heartbeatMs: z.number().positive().optional(),
  scopes: z.array(z.string()).optional(),
  expiresAt: z.string().optional(),
});

const subscribedFrame = z.object({
  type: z.literal('subscribed'),
  id: z.string(),
  channel: z.string(),
  callId: z.string().optional(),
  recovered: z.boolean(),
  seq: z.number().int().nonnegative(),
  snapshot: z
    .union([
      z.object({ active: z.array(callSchema), recent: z.array(callSchema) }),
      z.object({ call: callSchema.nullable() }),
    ])
    .optional(),
});

const eventFrame = z.object({
  type: z.literal('event'),
  seq: z.number().int().nonnegative(),
  event: callEventSchema,
  call: callSchema.nullable().optional(),
});

const unsubscribedFrame = z.object({ type: z.literal('unsubscribed'), id: z.string(), reason: z.string().optional() });
const errorFrame = z.object({ type: z.literal('error'), code: z.string(), message: z.string().optional(), id: z.string().optional() });
const closeFrame = z.object({
  type: z.literal('close'),
  code: z.number().int(),
  reason: z.string().optional(),
  retryAfterMs: z.number().nonnegative().optional(),
});
const pingFrame = z.object({ type: z.literal('ping') });
const pongFrame = z.object({ type: z.literal('pong') });

const serverFrameSchema = z.discriminatedUnion('type', [
  welcomeFrame,
  subscribedFrame,
  eventFrame,
  unsubscribedFrame,
  errorFrame,
  closeFrame,
  pingFrame,
  pongFrame,
]);

/** @internal A frame from the server, parsed (docs/protocol.md §4). */
export type ServerFrame = z.infer<typeof serverFrameSchema>;
/** @internal */
export type SubscribedFrame = z.infer<typeof subscribedFrame>;
/** @internal An `event` frame with the call normalised to `undefined` when absent. */
export interface EventFrame {
  seq: number;
  event: CallEvent;
  call: Call | undefined;
}

/** @internal A frame the client sends (docs/protocol.md §3). */
export type ClientFrame =
  | { type: 'auth'; token: string }
  | { type: 'subscribe'; id: string; channel: 'calls'; filter?: CallsFilter; recent?: number; fromSeq?: number }
  | { type: 'subscribe'; id: string; channel: 'call'; callId: string; fromSeq?: number }
  | { type: 'unsubscribe'; id: string }
  | { type: 'ping' }
  | { type: 'pong' };

/**
 * @internal Parses one frame from the wire. Frames of types this client does not know (those of
 * extensions such as the signaling relay) come back as `unknown`; malformed ones as `invalid`.
 */
export function parseServerFrame(
  value: unknown,
): { kind: 'frame'; frame: ServerFrame } | { kind: 'unknown'; type: string } | { kind: 'invalid'; error: unknown } {
  const parsed = serverFrameSchema.safeParse(value);
  if (parsed.success) return { kind: 'frame', frame: parsed.data };
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  const known = ['welcome', 'subscribed', 'event', 'unsubscribed', 'error', 'close', 'ping', 'pong'];
  if (typeof type === 'string' && !known.includes(type)) return { kind: 'unknown', type };
  return { kind: 'invalid', error: parsed.error };
}
