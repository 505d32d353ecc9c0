import type { Call } from '@callboard/core';

/** Rows per read when exporting: big enough to be cheap, small enough to never hold the log in memory. */
export const EXPORT_BATCH_SIZE = 500;

/**
 * Streams calls page by page through keyset cursors: each page is read only when the previous
 * one has been consumed, so an export never holds more than one page.
 */
export async function* exportInPages(readPage: (cursor: string | undefined) => Promise<{ calls: Call[]; nextCursor?: string }>): AsyncGenerator<Call> {
  let cursor: string | undefined;
  do {
    const page = await readPage(cursor);
    yield* page.calls;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}
