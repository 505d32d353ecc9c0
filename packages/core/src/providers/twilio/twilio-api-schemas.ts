import { z } from 'zod';

/** The part of Twilio's Call resource (`POST .../Calls.json` answer) Callboard reads. */
export const twilioCallResourceSchema = z.object({
  sid: z.string().min(1).max(64),
  date_created: z.string().max(64).nullish(),
  to: z.string().max(256).nullish(),
  from: z.string().max(256).nullish(),
});

/** Twilio's REST error body: `{ code, message, more_info, status }`. */
export const twilioErrorBodySchema = z.object({
  code: z.union([z.number(), z.string()]).nullish(),
  message: z.string().nullish(),
  more_info: z.string().nullish(),
});
