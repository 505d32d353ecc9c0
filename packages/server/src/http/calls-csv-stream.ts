import type { Call } from '@callboard/core';

/** The columns of the CSV export, in order. */
export const CSV_COLUMNS: ReadonlyArray<readonly [string, (call: Call) => unknown]> = [
  ['id', (call) => call.id],
  ['provider', (call) => call.provider],
  ['providerCallId', (call) => call.providerCallId],
  ['direction', (call) => call.direction],
  ['from', (call) => call.from],
  ['to', (call) => call.to],
  ['status', (call) => call.status],
  ['hangupCause', (call) => call.hangupCause],
  ['hangupCauseRaw', (call) => call.hangupCauseRaw],
  ['hangupSource', (call) => call.hangupSource],
  ['answeredBy', (call) => call.answeredBy],
  ['createdAt', (call) => call.createdAt],
  ['startedAt', (call) => call.startedAt],
  ['answeredAt', (call) => call.answeredAt],
  ['endedAt', (call) => call.endedAt],
  ['durationSec', (call) => call.durationSec],
  ['language', (call) => call.language],
  ['costAmount', (call) => call.cost?.amount],
  ['costCurrency', (call) => call.cost?.currency],
  ['recordingUrl', (call) => call.recordingUrl],
  ['transcript', (call) => call.transcript.map((segment) => `${segment.role}: ${segment.text}`).join('\n')],
  ['metadata', (call) => (Object.keys(call.metadata).length === 0 ? '' : JSON.stringify(call.metadata))],
];

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes doubled. A
 * text cell a spreadsheet would run as a formula (`=`, `@`, a tab or CR first, or `+`/`-` first
 * when it is not a plain number like a phone number) gets a leading `'`.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=@\t\r]/.test(text)) text = `'${text}`;
  else if (typeof value === 'string' && /^[+-]/.test(text) && !/^[+-][\d ().-]*$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line for a call, CRLF-terminated. */
export function csvRow(call: Call): string {
  return `${CSV_COLUMNS.map(([, read]) => csvCell(read(call))).join(',')}\r\n`;
}

const ROWS_PER_CHUNK = 200;

/**
 * A byte stream of the export: the header row, then one row per call, read from the store a
 * batch at a time as the client consumes it (pull-based, so a slow download never buffers the
 * whole log). Cancelling the stream stops the store iteration.
 */
export function callsCsvStream(calls: AsyncIterable<Call>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = calls[Symbol.asyncIterator]();
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let text = '';
        if (!headerSent) {
          text = `${CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`;
          headerSent = true;
        }
        for (let rows = 0; rows < ROWS_PER_CHUNK; rows++) {
          const next = await iterator.next();
          if (next.done) {
            if (text !== '') controller.enqueue(encoder.encode(text));
            controller.close();
            return;
          }
          text += csvRow(next.value);
        }
        controller.enqueue(encoder.encode(text));
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}
