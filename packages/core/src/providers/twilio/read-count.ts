/** A non-negative whole number written in plain decimal (`SequenceNumber`, `CallDuration`, ...), or undefined. */
export function readCount(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}
