import { z } from 'zod';

const optionalText = (max: number) => z.string().max(max).optional();

/**
 * The webhook parameters Callboard reads, from status, recording, AMD and transcription
 * callbacks alike. Minimal and lenient: every field but `CallSid` is optional, unknown
 * parameters are ignored (they stay in the event's `raw`), and values are read as the strings
 * Twilio sends. The length caps keep a garbage field from reaching the store.
 */
export const twilioWebhookParamsSchema = z.object({
  CallSid: z.string().min(1).max(64),
  ParentCallSid: optionalText(64),
  CallStatus: optionalText(32),
  Direction: optionalText(64),
  From: optionalText(256),
  To: optionalText(256),
  SequenceNumber: optionalText(20),
  Timestamp: optionalText(64),
  CallDuration: optionalText(20),
  AnsweredBy: optionalText(64),
  SipResponseCode: optionalText(8),
  RecordingSid: optionalText(64),
  RecordingUrl: optionalText(2048),
  RecordingStatus: optionalText(32),
  RecordingDuration: optionalText(20),
  TranscriptionSid: optionalText(64),
  TranscriptionStatus: optionalText(32),
  TranscriptionText: optionalText(20_000),
  TranscriptionEvent: optionalText(64),
  TranscriptionData: optionalText(60_000),
  Track: optionalText(64),
  Final: optionalText(8),
  SequenceId: optionalText(20),
});

/** The Twilio webhook parameters Callboard reads, validated. */
export type TwilioWebhookParams = z.infer<typeof twilioWebhookParamsSchema>;

/** `TranscriptionData` of a real-time transcription callback: a JSON string inside the form. */
export const twilioTranscriptionDataSchema = z.object({
  transcript: z.string().max(20_000),
});
