import { z } from 'zod';

const destinationSchema = z
  .string()
  .trim()
  .max(256)
  .regex(/^(?:\+?[0-9]{3,20}|(?:sip|client):[^\s]{1,240})$/, 'An E.164 number, or a sip: or client: address')
  .meta({ examples: ['+254700000001'] });

/** `POST /api/calls/initiate`. */
export const initiateCallSchema = z.strictObject({
  to: destinationSchema,
  from: destinationSchema.optional(),
  provider: z.string().min(1).max(64).optional(),
});

/** `POST /api/calls/:id/terminate` takes an empty JSON object (or no body). */
export const terminateCallSchema = z.strictObject({});

/** `POST /api/tokens`. */
export const mintTokenSchema = z.strictObject({
  subject: z.string().trim().min(1).max(128),
  scopes: z.array(z.enum(['ingest', 'read', 'admin'])).min(1).max(3),
  ttlSec: z.number().int().min(1).max(30 * 24 * 3600),
  rooms: z.array(z.string().min(1).max(128)).max(100).optional(),
});
