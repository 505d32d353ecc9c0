import { describe, expect, it } from 'vitest';
import { createZoneClock } from './zone-clock.js';

const at = (iso: string) => Date.parse(iso);

describe('createZoneClock', () => {
  it('follows New York across the spring DST change', () => {
    const clock = createZoneClock('America/New_York');
    expect(clock.local(at('2026-03-08T06:59:00Z'))).toEqual({ date: '2026-03-08', hour: 1, offsetMinutes: -300 });
    expect(clock.local(at('2026-03-08T07:00:00Z'))).toEqual({ date: '2026-03-08', hour: 3, offsetMinutes: -240 });
  });

  it('repeats the 01:00 hour on the autumn change, with two offsets', () => {
    const clock = createZoneClock('America/New_York');
    expect(clock.local(at('2026-11-01T05:30:00Z'))).toEqual({ date: '2026-11-01', hour: 1, offsetMinutes: -240 });
    expect(clock.local(at('2026-11-01T06:30:00Z'))).toEqual({ date: '2026-11-01', hour: 1, offsetMinutes: -300 });
  });

  it('handles half-hour and quarter-hour offsets', () => {
    expect(createZoneClock('Asia/Kolkata').local(at('2026-01-01T18:30:00Z'))).toEqual({ date: '2026-01-02', hour: 0, offsetMinutes: 330 });
    expect(createZoneClock('Asia/Kathmandu').local(at('2026-01-01T18:14:00Z'))).toEqual({ date: '2026-01-01', hour: 23, offsetMinutes: 345 });
  });

  it('rejects an unknown zone with INVALID_ARGUMENT', () => {
    expect(() => createZoneClock('Mars/Olympus')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
