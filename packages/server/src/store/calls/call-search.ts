import type { Call } from '@callboard/core';

/**
 * Transcript search needs at least this many characters: the SQL stores answer it from a
 * trigram index (SQLite FTS5 `trigram`, Postgres `pg_trgm`), which cannot look up anything
 * shorter. Shorter queries match ids and numbers only.
 */
export const MIN_TRANSCRIPT_QUERY = 3;

/**
 * A normalized search. `q` matches a call whose Callboard id or provider call id starts with
 * `prefix` (the query as written, case and all: ids are opaque), or whose numbers, or (from
 * three characters) transcript, contain `needle` (the query lower-cased).
 */
export interface CallSearch {
  /** The trimmed query, as written. */
  prefix: string;
  /** The trimmed query, lower-cased. */
  needle: string;
  inTranscript: boolean;
}

/** Normalizes `q` (trimmed); undefined when there is nothing to search for. */
export function normalizeSearch(q: string | undefined): CallSearch | undefined {
  const prefix = q?.trim();
  if (!prefix) return undefined;
  const needle = prefix.toLowerCase();
  return { prefix, needle, inTranscript: [...needle].length >= MIN_TRANSCRIPT_QUERY };
}

/**
 * The strings that start with `prefix` are exactly those in `[low, high)` in code point order
 * (the order of SQLite's BINARY and Postgres's "C" collation over UTF-8): `high` is the prefix
 * with its last code point incremented (or, when that cannot be, the shorter prefix's bound).
 * Undefined `high` means no upper bound.
 */
export function prefixRange(prefix: string): { low: string; high: string | undefined } {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)! + 1;
    // Skip the surrogate range, which no well-formed string holds.
    const next = last >= 0xd800 && last <= 0xdfff ? 0xe000 : last;
    if (next <= 0x10ffff) return { low: prefix, high: points.join('') + String.fromCodePoint(next) };
  }
  return { low: prefix, high: undefined };
}

/** The numbers of a call, lower-cased, one per line. */
export function callNumbersText(call: Call): string {
  return [call.from, call.to].join('\n').toLowerCase();
}

/** The transcript of a call as one lower-cased text, a line per segment. */
export function callTranscriptText(call: Call): string {
  return call.transcript.map((segment) => segment.text).join('\n').toLowerCase();
}

/**
 * What the trigram index holds for a call: its numbers and transcript, lower-cased. Ids are not
 * in it (they are matched by prefix through their own indexes): random ids were three quarters
 * of the index's text, and of what writing it cost.
 */
export function callSearchText(call: Call): string {
  const transcript = callTranscriptText(call);
  return transcript ? `${callNumbersText(call)}\n${transcript}` : callNumbersText(call);
}

/** Whether a call matches a search (the memory store's reference behaviour). */
export function callMatchesSearch(call: Call, search: CallSearch): boolean {
  if (call.id.startsWith(search.prefix) || call.providerCallId.startsWith(search.prefix)) return true;
  const text = search.inTranscript ? callSearchText(call) : callNumbersText(call);
  return text.includes(search.needle);
}
