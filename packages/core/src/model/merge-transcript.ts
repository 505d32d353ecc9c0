import { compareIsoTime } from './compare-iso-time.js';
import type { TranscriptSegment } from './transcript-segment.js';

/**
 * Merges incoming segments into a transcript by `id` and returns it sorted by time, then id.
 * Returns `current` itself when nothing changed, so callers can skip a write.
 *
 * Of two segments with one id the one that ranks higher is kept (see {@link compareSegmentVersions}),
 * which makes the result the same whatever order the segments arrive in.
 */
export function mergeTranscript(current: TranscriptSegment[], incoming: TranscriptSegment[]): TranscriptSegment[] {
  const byId = new Map(current.map((segment) => [segment.id, segment]));
  let changed = false;
  for (const segment of incoming) {
    const existing = byId.get(segment.id);
    if (existing === undefined || compareSegmentVersions(segment, existing) > 0) {
      byId.set(segment.id, segment);
      changed = true;
    }
  }
  if (!changed) return current;
  return [...byId.values()].sort((a, b) => compareIsoTime(a.at, b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Ranks two versions of one segment: a final one above a partial one; then the later one
 * (a partial heard later holds more of the utterance), then the longer text. The last ties
 * break on the text, the role and the time's spelling only so that the outcome is order-free.
 */
function compareSegmentVersions(a: TranscriptSegment, b: TranscriptSegment): number {
  if (a.isFinal !== b.isFinal) return a.isFinal ? 1 : -1;
  return (
    Date.parse(a.at) - Date.parse(b.at) ||
    a.text.length - b.text.length ||
    compareText(a.text, b.text) ||
    compareText(a.role, b.role) ||
    compareText(a.at, b.at)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
