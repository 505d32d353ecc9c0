import type { Call } from '@callboard/core';

/**
 * Transcript search needs at least this many characters: the SQL stores answer it from a
 * trigram index (SQLite FTS5 `trigram`, Postgres `pg_trgm`), which cannot look up anything
 * shorter. Shorter queries match ids and numbers only.
 */
export const MIN_TRANSCRIPT_QUERY = 3;

/** A normalized search: lower-cased text, and whether transcripts take part. */
export interface CallSearch {
  needle: string;
  inTranscript: boolean;
}

/** Normalizes `q` (trimmed, lower-cased); undefined when there is nothing to search for. */
export function normalizeSearch(q: string | undefined): CallSearch | undefined {
  const needle = q?.trim().toLowerCase();
  if (!needle) return undefined;
  return { needle, inTranscript: [...needle].length >= MIN_TRANSCRIPT_QUERY };
}

/** The ids and numbers of a call, lower-cased, one per line. */
export function callIdentityText(call: Call): string {
  return [call.id, call.providerCallId, call.from, call.to].join('\n').toLowerCase();
}

/** The transcript of a call as one lower-cased text, a line per segment. */
export function callTranscriptText(call: Call): string {
  return call.transcript.map((segment) => segment.text).join('\n').toLowerCase();
}

/** Everything `q` can match: ids, numbers and the transcript, lower-cased. */
export function callSearchText(call: Call): string {
  const transcript = callTranscriptText(call);
  return transcript ? `${callIdentityText(call)}\n${transcript}` : callIdentityText(call);
}

/** Whether a call matches a search (the memory store's reference behaviour). */
export function callMatchesSearch(call: Call, search: CallSearch): boolean {
  const text = search.inTranscript ? callSearchText(call) : callIdentityText(call);
  return text.includes(search.needle);
}
