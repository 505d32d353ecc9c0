import { z } from 'zod';

// Lenient on purpose (minimal fields, optional ones dropped when malformed): Africa's Talking
// documents these payloads loosely and adds fields without notice. Only what identifies the
// call is required.

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === '' ? undefined : value))
    .optional()
    .catch(undefined);

/** The fields of a voice callback (form-encoded) that Callboard reads. */
export const africasTalkingCallbackSchema = z.object({
  isActive: z.string().trim().pipe(z.enum(['0', '1'])),
  sessionId: z.string().trim().min(1).max(256),
  // Real payloads say `Inbound`/`Outbound`, old docs `inbound`/`outbound`.
  direction: z
    .string()
    .trim()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(['inbound', 'outbound'])),
  callerNumber: optionalText(256),
  destinationNumber: optionalText(256),
  callStartTime: optionalText(64),
  callSessionState: optionalText(64),
  durationInSeconds: optionalText(32),
  amount: optionalText(32),
  currencyCode: optionalText(10),
  hangupCause: optionalText(256),
  recordingUrl: optionalText(2048),
  dtmfDigits: optionalText(256),
});

/** A parsed voice callback. */
export type AfricasTalkingCallback = z.infer<typeof africasTalkingCallbackSchema>;

/** The answer of `POST /call` (make call). */
export const africasTalkingMakeCallResponseSchema = z.object({
  entries: z
    .array(
      z.object({
        phoneNumber: z.string().nullish(),
        status: z.string().nullish(),
        sessionId: z.string().nullish(),
      }),
    )
    .nullish(),
  errorMessage: z.string().nullish(),
});

/** A parsed make-call answer. */
export type AfricasTalkingMakeCallResponse = z.infer<typeof africasTalkingMakeCallResponseSchema>;
