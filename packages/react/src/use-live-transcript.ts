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
 * A call's transcript as it is spoken: segments keep stable `id`s, a partial segment is
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
    // A provider may blank a partial line once its final arrives (Telnyx keeps one live line per
    // track); an empty partial says nothing, so it is not shown.
    const segments = transcript.some((segment) => !segment.isFinal && segment.text === '')
      ? transcript.filter((segment) => segment.isFinal || segment.text !== '')
      : transcript;
    if (segments.length === 0) return EMPTY;
    const final = segments.filter((segment) => segment.isFinal);
    let partial: TranscriptSegment | undefined;
    for (const segment of segments) if (!segment.isFinal) partial = segment;
    return { segments, final, partial };
  }, [transcript]);
}
