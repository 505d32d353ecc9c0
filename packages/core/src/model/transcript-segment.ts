import { z } from 'zod';

/** Who spoke a transcript segment. */
export const TRANSCRIPT_ROLES = ['caller', 'agent', 'bot', 'system'] as const;

/** Who spoke a transcript segment. */
export type TranscriptRole = (typeof TRANSCRIPT_ROLES)[number];

/** @internal */
export const transcriptSegmentSchema = z.object({
  /** Identifies the utterance: its partial and final versions share the id. */
  id: z.string().min(1).max(200),
  /** Who spoke. */
  role: z.enum(TRANSCRIPT_ROLES),
  /** What was said (so far, for a partial segment). */
  text: z.string().max(20_000),
  /** When it was said (ISO-8601). */
  at: z.iso.datetime({ offset: true }),
  /** Whether this is the final version of the utterance; a partial one may still change. */
  isFinal: z.boolean(),
});

/**
 * One line of a call's transcript. Segments are keyed by `id`: a final segment replaces a
 * partial one with the same id, never the other way round.
 */
export type TranscriptSegment = z.infer<typeof transcriptSegmentSchema>;
