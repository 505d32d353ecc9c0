const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

// RFC 2822 as Twilio writes it (`Tue, 14 Nov 2023 22:13:20 +0000`), day name optional.
const RFC_2822 = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+([+-]\d{4}|GMT|UTC?|Z)$/;
// ISO 8601 as real-time transcription callbacks write it, with any number of fraction digits.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads a Twilio `Timestamp`: RFC 2822 on status callbacks, ISO 8601 on real-time transcription
 * callbacks. Returns the instant as an ISO-8601 UTC string, or undefined when the text is not
 * a valid time (the caller then falls back to the receive time). Parsed by hand because
 * `Date.parse` only guarantees ISO input across runtimes.
 *
 * @example
 * parseTwilioTimestamp('Tue, 14 Nov 2023 22:13:20 +0000'); // '2023-11-14T22:13:20.000Z'
 */
export function parseTwilioTimestamp(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  const rfc = RFC_2822.exec(trimmed);
  if (rfc) {
    const month = MONTHS[rfc[2]!.toLowerCase()];
    if (month === undefined) return undefined;
    return toIso(+rfc[3]!, month, +rfc[1]!, +rfc[4]!, +rfc[5]!, +(rfc[6] ?? 0), 0, offsetMinutes(rfc[7]!));
  }
  const iso = ISO_8601.exec(trimmed);
  if (iso) {
    const millis = +(iso[7] ?? '0').slice(0, 3).padEnd(3, '0');
    return toIso(+iso[1]!, +iso[2]! - 1, +iso[3]!, +iso[4]!, +iso[5]!, +iso[6]!, millis, offsetMinutes(iso[8]!.replace(':', '')));
  }
  return undefined;
}

function offsetMinutes(zone: string): number | undefined {
  if (zone === 'GMT' || zone === 'UT' || zone === 'UTC' || zone === 'Z') return 0;
  const hours = +zone.slice(1, 3);
  const minutes = +zone.slice(3, 5);
  if (hours > 23 || minutes > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function toIso(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  offset: number | undefined,
): string | undefined {
  if (offset === undefined || year < 1970 || month < 0 || month > 11 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month, day, hour, minute, second, millis);
  // Date.UTC rolls 31 Feb over into March; a real timestamp never needs that.
  if (new Date(local).getUTCDate() !== day) return undefined;
  const instant = local - offset * 60_000;
  if (instant < 0 || instant >= Date.UTC(10_000, 0, 1)) return undefined;
  return new Date(instant).toISOString();
}
