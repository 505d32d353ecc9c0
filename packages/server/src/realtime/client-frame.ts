import { CALL_STATUSES, DIRECTIONS } from '@callboard/core';
import { z } from 'zod';
import { MAX_METADATA_FILTER_KEYS, MAX_METADATA_FILTER_VALUE, METADATA_FILTER_KEY } from '../store/calls/normalize-call-filter.js';

const subscriptionId = z.string().min(1).max(64);
const seq = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const feedFilterSchema = z
  .object({
    status: z.array(z.enum(CALL_STATUSES)).min(1).max(CALL_STATUSES.length).optional(),
    direction: z.enum(DIRECTIONS).optional(),
    provider: z.array(z.string().min(1).max(64)).min(1).max(32).optional(),
    metadata: z
      .record(z.string().regex(METADATA_FILTER_KEY), z.string().max(MAX_METADATA_FILTER_VALUE))
      .refine((value) => Object.keys(value).length >= 1 && Object.keys(value).length <= MAX_METADATA_FILTER_KEYS, {
        message: `metadata names 1 to ${MAX_METADATA_FILTER_KEYS} keys`,
      })
      .optional(),
  })
  .strict();

const subscribeSchema = z.discriminatedUnion('channel', [
  z
    .object({
      type: z.literal('subscribe'),
      id: subscriptionId,
      channel: z.literal('calls'),
      filter: feedFilterSchema.optional(),
      fromSeq: seq.optional(),
      recent: z.number().int().min(0).max(500).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('subscribe'),
      id: subscriptionId,
      channel: z.literal('call'),
      callId: z.string().min(1).max(256),
      fromSeq: seq.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('subscribe'),
      id: subscriptionId,
      channel: z.literal('room'),
      room: z.string().min(1).max(256),
      // Read by the signaling relay: the room's call, and a peer to resume.
      callId: z.string().min(1).max(256).optional(),
      peerId: z.string().min(1).max(64).optional(),
      resumeKey: z.string().min(1).max(128).optional(),
    })
    .strict(),
]);

const coreFrameSchema = z.union([
  subscribeSchema,
  z.object({ type: z.literal('unsubscribe'), id: subscriptionId }).strict(),
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(4096) }).strict(),
  z.object({ type: z.literal('ping') }).passthrough(),
  z.object({ type: z.literal('pong') }).passthrough(),
]);

/** A `calls` feed filter: every given field must match. */
export type FeedFilter = z.infer<typeof feedFilterSchema>;
/** A `subscribe` frame. */
export type SubscribeFrame = z.infer<typeof subscribeSchema>;
/** A frame of protocol v1 sent by a client, after validation. */
export type ClientFrame = z.infer<typeof coreFrameSchema>;

const CORE_TYPES = new Set(['subscribe', 'unsubscribe', 'auth', 'ping', 'pong']);

/** What parsing one inbound frame gave. */
export type ParsedClientFrame =
  | { kind: 'core'; frame: ClientFrame }
  /** A frame of a type the core protocol does not define: routed to an extension by `type`. */
  | { kind: 'extension'; type: string; frame: Record<string, unknown> }
  | { kind: 'invalid'; message: string; id?: string };

/**
 * @internal Parses one inbound frame (a WebSocket text message or a Socket.IO payload). The only
 * place client input is validated.
 */
export function parseClientFrame(input: unknown): ParsedClientFrame {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { kind: 'invalid', message: 'A frame must be a JSON object' };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', message: 'A frame must be a JSON object' };
  }
  const record = value as Record<string, unknown>;
  if (typeof record.type !== 'string') return { kind: 'invalid', message: 'A frame needs a string "type"' };
  if (!CORE_TYPES.has(record.type)) return { kind: 'extension', type: record.type, frame: record };
  const parsed = coreFrameSchema.safeParse(record);
  if (parsed.success) return { kind: 'core', frame: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return {
    kind: 'invalid',
    message: `Invalid "${record.type}" frame${where}: ${issue?.message ?? 'bad fields'}`,
    ...(typeof record.id === 'string' ? { id: record.id } : {}),
  };
}
