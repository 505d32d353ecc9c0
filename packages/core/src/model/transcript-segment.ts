import { z } from 'zod';

/** Who spoke a transcript segment. */
export const TRANSCRIPT_ROLES = ['caller', 'agent', 'bot', 'system'] as const;

/** Who spoke a transcript segment. */
export type TranscriptRole = (typeof TRANSCRIPT_ROLES)[number];

/** @internal */
export const transcriptSegmentSchema = z.object({
  id: z.string().min(1).max(200),
  role: z.enum(TRANSCRIPT_ROLES),
  text: z.string().max(20_000),
  at: z.iso.datetime({ offset: true }),
  isFinal: z.boolean(),
});

/**
 * One line of a call's transcript. Segments are keyed by `id`: a final segment replaces a
 * partial one with the same id, never the other way round.
 */
export type TranscriptSegment = z.infer<typeof transcriptSegmentSchema>;
