import { useMemo } from 'react';
import type { TranscriptSegment } from '@callboard/core';
import { useCall } from './use-call.js';

/** What {@link useLiveTranscript} returns. */
export interface LiveTranscript {
  /** Every segment in time order: final ones, and partial ones still being spoken. */
  segments: readonly TranscriptSegment[];
  /** The final segments only. */
  final: readonly TranscriptSegment[];
  /** The latest partial segment, if one is still being spoken. */
  partial: TranscriptSegment | undefined;
}

const EMPTY: LiveTranscript = Object.freeze({ segments: Object.freeze([]), final: Object.freeze([]), partial: undefined });

/**
 * A call's transcript as it is spoken: segments keep stable `id`s, and a partial segment is
 * replaced by its final one in place. Re-renders only when the transcript changes.
 *
 * @example
 * const { segments } = useLiveTranscript(callId);
 * return segments.map((s) => <Line key={s.id} role={s.role} text={s.text} dim={!s.isFinal} />);
 */
export function useLiveTranscript(callId: string | undefined): LiveTranscript {
  const transcript = useCall(callId)?.transcript;
  return useMemo(() => {
    if (!transcript || transcript.length === 0) return EMPTY;
    const final = transcript.filter((segment) => segment.isFinal);
    let partial: TranscriptSegment | undefined;
    for (const segment of transcript) if (!segment.isFinal) partial = segment;
    return { segments: transcript, final, partial };
  }, [transcript]);
}
