import { z } from 'zod';
import { BOT_ROLE_MAP, mapBotRole } from '../bot/map-bot-role.js';
import { BOT_STATUS_MAP, mapBotStatus } from '../bot/map-bot-status.js';
import { directionSchema, languageSchema, metadataSchema, partySchema, timeSchema } from './common-schemas.js';

/** A bot's call id: printable, no spaces, slashes, `?`, `#` or backslashes (it goes into URL paths). */
export const botCallIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s/\\?#\u0000-\u001f\u007f]+$/, 'A call id has no spaces, slashes, ? or #');

const botStatusSchema = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const status = mapBotStatus(value);
    if (status === undefined) {
      ctx.addIssue({ code: 'custom', message: `Unknown status; one of ${Object.keys(BOT_STATUS_MAP).join(', ')}` });
      return z.NEVER;
    }
    return { status, raw: value };
  })
  .meta({ description: 'A bot status word (see the status table in docs/http-api.md)', examples: ['in-progress', 'success'] });

const roleSchema = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const role = mapBotRole(value);
    if (role === undefined) {
      ctx.addIssue({ code: 'custom', message: `Unknown role; one of ${Object.keys(BOT_ROLE_MAP).join(', ')}` });
      return z.NEVER;
    }
    return role;
  })
  .meta({ description: 'Who spoke: caller (user, customer), agent, bot (assistant, ai) or system', examples: ['caller'] });

/** One transcript line as a bot sends it. */
export const segmentInputSchema = z.strictObject({
  id: z.string().min(1).max(150).optional(),
  text: z.string().min(1).max(20_000),
  role: roleSchema.optional(),
  at: timeSchema.optional(),
  isFinal: z.boolean().optional(),
});

/** `POST /api/calls`: a bot reports a call (start). */
export const createBotCallSchema = z
  .strictObject({
    callId: botCallIdSchema,
    type: directionSchema.optional(),
    direction: directionSchema.optional(),
    caller: partySchema.optional(),
    receiver: partySchema.optional(),
    startTime: timeSchema.optional(),
    status: botStatusSchema.optional(),
    language: languageSchema.optional(),
    metadata: metadataSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.type === undefined && value.direction === undefined) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: '`type` (inbound or outbound) is required' });
    } else if (value.type !== undefined && value.direction !== undefined && value.type !== value.direction) {
      ctx.addIssue({ code: 'custom', path: ['direction'], message: '`direction` contradicts `type`' });
    }
  });

/** `PATCH /api/calls/:callId`: a bot reports the end of a call, or any change. */
export const updateBotCallSchema = z.strictObject({
  status: botStatusSchema.optional(),
  endTime: timeSchema.optional(),
  duration: z.number().min(0).max(10_000_000).optional().meta({ description: 'Seconds' }),
  transcript: z
    .union([z.string().max(1_000_000), z.array(segmentInputSchema).min(1).max(1000)])
    .optional()
    .meta({ description: 'The transcript as text (one line per segment, `Role: text` lines keep their role) or segments' }),
  satisfaction: z.union([z.number(), z.string().max(256)]).optional().meta({ description: 'Kept in metadata.satisfaction' }),
  language: languageSchema.optional(),
  metadata: metadataSchema.optional(),
});

/** `PATCH /api/calls/:callId/transcript`: appends one line (`text`, ...) or several (`segments`). */
export const appendTranscriptSchema = z
  .strictObject({
    id: z.string().min(1).max(150).optional(),
    text: z.string().min(1).max(20_000).optional(),
    role: roleSchema.optional(),
    at: timeSchema.optional(),
    isFinal: z.boolean().optional(),
    segments: z.array(segmentInputSchema).min(1).max(1000).optional(),
  })
  .superRefine((value, ctx) => {
    const single = value.text !== undefined || value.role !== undefined || value.at !== undefined || value.isFinal !== undefined || value.id !== undefined;
    if (value.segments === undefined && value.text === undefined) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'Send `text` or `segments`' });
    } else if (value.segments !== undefined && single) {
      ctx.addIssue({ code: 'custom', path: ['segments'], message: 'Send either one line (`text`, ...) or `segments`, not both' });
    }
  });

/** `POST /api/calls/:callId/events`: a live, application-defined event. */
export const liveEventSchema = z
  .strictObject({
    name: z.string().min(1).max(128).optional(),
    type: z.string().min(1).max(128).optional(),
    data: z.unknown().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.name === undefined && value.type === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: '`name` is required' });
  });

/** A parsed transcript line. */
export type SegmentInput = z.output<typeof segmentInputSchema>;
