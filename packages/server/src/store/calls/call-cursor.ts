import { CallboardError, type Call } from '@callboard/core';
import type { CallSort } from '../call-store.js';
import { callStartMs } from './call-facts.js';

/** A decoded call-log cursor: the sort it belongs to and the last row's sort key and id. */
export interface CallCursor {
  sort: CallSort;
  key: number;
  id: string;
}

/** The value a call sorts by: its start for newest/oldest, its duration (-1 if unknown) otherwise. */
export function callSortKey(call: Call, sort: CallSort): number {
  return sort === 'newest' || sort === 'oldest' ? callStartMs(call) : (call.durationSec ?? -1);
}

/** Whether a sort runs from high keys to low ones. */
export function isDescending(sort: CallSort): boolean {
  return sort === 'newest' || sort === 'longest';
}

/** Encodes a cursor as opaque base64url text. */
export function encodeCallCursor(cursor: CallCursor): string {
  const json = JSON.stringify([cursor.sort, cursor.key, cursor.id]);
  return btoa(String.fromCharCode(...new TextEncoder().encode(json)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** Decodes a cursor made by {@link encodeCallCursor} for the same sort; throws `INVALID_ARGUMENT` otherwise. */
export function decodeCallCursor(text: string, sort: CallSort): CallCursor {
  let parsed: unknown;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    parsed = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch (cause) {
    throw invalid('The cursor is not one this store made', cause);
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid('The cursor is not one this store made');
  const [cursorSort, key, id] = parsed as unknown[];
  if (typeof key !== 'number' || !Number.isFinite(key) || typeof id !== 'string') {
    throw invalid('The cursor is not one this store made');
  }
  if (cursorSort !== sort) throw invalid(`The cursor belongs to sort "${String(cursorSort)}", not "${sort}"`);
  return { sort, key, id };
}

function invalid(message: string, cause?: unknown): CallboardError {
  return new CallboardError({ code: 'INVALID_ARGUMENT', message, cause, details: { field: 'cursor' } });
}
