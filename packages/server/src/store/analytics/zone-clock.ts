import { CallboardError } from '@callboard/core';

/** Length of the UTC buckets the rollups use: every real zone offset is a multiple of it. */
export const QUARTER_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/** Local calendar fields of an instant in a time zone. */
export interface LocalTime {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  /** Hour of day in the zone, 0..23. */
  hour: number;
  /** Offset from UTC at the instant, in minutes. */
  offsetMinutes: number;
}

/** Offsets and local times of one IANA time zone, cached per UTC day. */
export interface ZoneClock {
  readonly timeZone: string;
  /** The zone's offset from UTC at an instant, in ms. */
  offsetMs(ms: number): number;
  /** The local date, hour and offset of an instant. */
  local(ms: number): LocalTime;
}

/**
 * Creates a {@link ZoneClock} from `Intl.DateTimeFormat` (no time zone database of our own).
 * Throws `INVALID_ARGUMENT` for an unknown zone.
 *
 * Offsets are looked up at UTC day boundaries; only a day whose two ends differ (a DST change)
 * is looked up quarter by quarter, so a month costs about thirty `Intl` calls.
 */
export function createZoneClock(timeZone: string): ZoneClock {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch (cause) {
    throw new CallboardError({
      code: 'INVALID_ARGUMENT',
      message: `Unknown time zone "${timeZone}"`,
      cause,
      details: { field: 'timeZone' },
    });
  }

  const exact = new Map<number, number>();
  function exactOffset(ms: number): number {
    const cached = exact.get(ms);
    if (cached !== undefined) return cached;
    const fields: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(ms))) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const wall = Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!);
    const offset = wall - Math.floor(ms / 1000) * 1000;
    exact.set(ms, offset);
    return offset;
  }

  const steadyDays = new Map<number, number | null>();
  function offsetMs(ms: number): number {
    const day = Math.floor(ms / DAY_MS);
    let steady = steadyDays.get(day);
    if (steady === undefined) {
      const start = exactOffset(day * DAY_MS);
      steady = start === exactOffset((day + 1) * DAY_MS) ? start : null;
      steadyDays.set(day, steady);
    }
    return steady ?? exactOffset(Math.floor(ms / QUARTER_MS) * QUARTER_MS);
  }

  return {
    timeZone,
    offsetMs,
    local(ms) {
      const offset = offsetMs(ms);
      const wall = new Date(ms + offset);
      return { date: wall.toISOString().slice(0, 10), hour: wall.getUTCHours(), offsetMinutes: offset / 60_000 };
    },
  };
}
