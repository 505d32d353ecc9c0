import { describe, expect, it } from 'vitest';
import type { CallAnalytics } from '../call-store.js';
import { callEvents, statusEvent, type CallSpec } from './contract-events.js';
import type { ContractStore } from './use-contract-store.js';

const RANGE = { from: '2026-01-05T00:00:00.000Z', to: '2026-01-08T00:00:00.000Z' };
const hours = (analytics: CallAnalytics) => Object.fromEntries(analytics.byHourOfDay.filter((h) => h.calls > 0).map((h) => [h.hour, h.calls]));

/** Calls around the New York spring-forward day, 8 March 2026 (23 hours long). */
const DST_CALLS: CallSpec[] = [
  { providerCallId: 'D1', start: '2026-03-08T06:30:00.000Z', status: 'completed', durationSec: 60 },
  { providerCallId: 'D2', start: '2026-03-08T07:30:00.000Z', status: 'busy' },
  { providerCallId: 'D3', start: '2026-03-09T03:30:00.000Z', status: 'completed', durationSec: 120 },
  { providerCallId: 'D4', start: '2026-03-09T04:30:00.000Z', status: 'no-answer' },
];

/** Contract: analytics over the dataset, in UTC, in a +05:30 zone and across DST changes. */
export function analyticsContract(ctx: ContractStore): void {
  describe('analytics', () => {
    it('computes totals, breakdowns and duration statistics', async () => {
      await ctx.seed();
      const a = await ctx.store.analytics({ ...RANGE, bucket: 'day' });
      expect(a).toMatchObject({ from: RANGE.from, to: RANGE.to, timeZone: 'UTC', bucket: 'day' });
      expect(a.totals).toMatchObject({ calls: 8, answered: 4, answerRate: 4 / 7, meanDurationSec: 107.5, medianDurationSec: 30 });
      // p90 is estimated from the duration histogram: within 0.5% above 100 s.
      expect(Math.abs(a.totals.p90DurationSec! - 300)).toBeLessThanOrEqual(1.5);
      expect(a.byStatus.filter((s) => s.calls > 0)).toEqual([
        { status: 'in-progress', calls: 1 },
        { status: 'completed', calls: 4 },
        { status: 'busy', calls: 1 },
        { status: 'no-answer', calls: 1 },
        { status: 'failed', calls: 1 },
      ]);
      expect(a.byStatus).toHaveLength(9);
      expect(a.byHangupCause).toEqual([
        { cause: 'normal', calls: 4 },
        { cause: 'busy', calls: 1 },
        { cause: 'no_answer', calls: 1 },
        { cause: 'unreachable', calls: 1 },
      ]);
      expect(a.byLanguage).toEqual([
        { language: 'en', calls: 5 },
        { language: 'fr', calls: 2 },
        { language: 'unknown', calls: 1 },
      ]);
      expect(hours(a)).toEqual({ 0: 1, 9: 2, 10: 2, 12: 1, 14: 1, 23: 1 });
    });

    it('builds zero-filled day buckets and the daily trend in UTC', async () => {
      await ctx.seed();
      const a = await ctx.store.analytics({ from: RANGE.from, to: '2026-01-10T00:00:00.000Z', bucket: 'day' });
      expect(a.volume).toEqual([
        { start: '2026-01-05T00:00:00.000Z', calls: 3, answered: 2, failed: 1 },
        { start: '2026-01-06T00:00:00.000Z', calls: 2, answered: 1, failed: 1 },
        { start: '2026-01-07T00:00:00.000Z', calls: 3, answered: 1, failed: 1 },
        { start: '2026-01-08T00:00:00.000Z', calls: 0, answered: 0, failed: 0 },
        { start: '2026-01-09T00:00:00.000Z', calls: 0, answered: 0, failed: 0 },
      ]);
      expect(a.daily).toEqual([
        { date: '2026-01-05', calls: 3, answered: 2, meanDurationSec: 60 },
        { date: '2026-01-06', calls: 2, answered: 1, meanDurationSec: 300 },
        { date: '2026-01-07', calls: 3, answered: 1, meanDurationSec: 10 },
        { date: '2026-01-08', calls: 0, answered: 0, meanDurationSec: null },
        { date: '2026-01-09', calls: 0, answered: 0, meanDurationSec: null },
      ]);
    });

    it('uses local days and hours in a +05:30 zone', async () => {
      await ctx.seed();
      const a = await ctx.store.analytics({ ...RANGE, timeZone: 'Asia/Kolkata', bucket: 'day' });
      expect(a.daily.map((d) => [d.date, d.calls])).toEqual([
        ['2026-01-05', 3],
        ['2026-01-06', 1],
        ['2026-01-07', 4],
        ['2026-01-08', 0],
      ]);
      expect(a.volume.map((v) => v.start)).toEqual(['2026-01-04T18:30:00.000Z', '2026-01-05T18:30:00.000Z', '2026-01-06T18:30:00.000Z', '2026-01-07T18:30:00.000Z']);
      expect(hours(a)).toEqual({ 5: 1, 6: 1, 14: 2, 15: 2, 17: 1, 19: 1 });
    });

    it('builds hour buckets that start on the half hour in a +05:30 zone', async () => {
      await ctx.seed();
      const a = await ctx.store.analytics({ from: '2026-01-05T09:00:00Z', to: '2026-01-05T12:00:00Z', timeZone: 'Asia/Kolkata', bucket: 'hour' });
      expect(a.volume).toEqual([
        { start: '2026-01-05T08:30:00.000Z', calls: 2, answered: 2, failed: 0 },
        { start: '2026-01-05T09:30:00.000Z', calls: 0, answered: 0, failed: 0 },
        { start: '2026-01-05T10:30:00.000Z', calls: 0, answered: 0, failed: 0 },
        { start: '2026-01-05T11:30:00.000Z', calls: 0, answered: 0, failed: 0 },
      ]);
    });

    it('has a 23-hour day and no 02:00 hour on the spring DST change', async () => {
      await ctx.seed(DST_CALLS);
      const timeZone = 'America/New_York';
      const days = await ctx.store.analytics({ from: '2026-03-07T05:00:00Z', to: '2026-03-10T04:00:00Z', timeZone, bucket: 'day' });
      expect(days.volume.map((v) => [v.start, v.calls])).toEqual([
        ['2026-03-07T05:00:00.000Z', 0],
        ['2026-03-08T05:00:00.000Z', 3],
        ['2026-03-09T04:00:00.000Z', 1],
      ]);
      expect(days.daily.map((d) => [d.date, d.calls, d.answered])).toEqual([
        ['2026-03-07', 0, 0],
        ['2026-03-08', 3, 2],
        ['2026-03-09', 1, 0],
      ]);
      expect(hours(days)).toEqual({ 0: 1, 1: 1, 3: 1, 23: 1 });
      const hourly = await ctx.store.analytics({ from: '2026-03-08T05:00:00Z', to: '2026-03-09T04:00:00Z', timeZone, bucket: 'hour' });
      expect(hourly.volume).toHaveLength(23);
      expect(hourly.volume.slice(0, 3).map((v) => [v.start, v.calls])).toEqual([
        ['2026-03-08T05:00:00.000Z', 0],
        ['2026-03-08T06:00:00.000Z', 1],
        ['2026-03-08T07:00:00.000Z', 1],
      ]);
    });

    it('has a 25-hour day with the 01:00 hour twice on the autumn DST change', async () => {
      const a = await ctx.store.analytics({ from: '2026-11-01T04:00:00Z', to: '2026-11-02T05:00:00Z', timeZone: 'America/New_York', bucket: 'hour' });
      expect(a.volume).toHaveLength(25);
      expect(a.volume.slice(1, 3).map((v) => v.start)).toEqual(['2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z']);
      expect(a.daily).toEqual([{ date: '2026-11-01', calls: 0, answered: 0, meanDurationSec: null }]);
      expect(a.byHourOfDay).toHaveLength(24);
    });

    it('counts calls exactly when the range does not fall on bucket boundaries', async () => {
      await ctx.seed();
      const a = await ctx.store.analytics({ from: '2026-01-05T09:15:00Z', to: '2026-01-06T23:59:30Z', bucket: 'hour' });
      expect(a.totals.calls).toBe(4);
      expect(a.byLanguage).toEqual([{ language: 'fr', calls: 2 }, { language: 'en', calls: 1 }, { language: 'unknown', calls: 1 }]);
      expect(a.volume[0]).toEqual({ start: '2026-01-05T09:00:00.000Z', calls: 1, answered: 1, failed: 0 });
      expect(a.volume[a.volume.length - 1]).toEqual({ start: '2026-01-06T23:00:00.000Z', calls: 1, answered: 1, failed: 0 });
    });

    it('builds zero-filled minute buckets', async () => {
      await ctx.seed();
      const a = await ctx.store.analytics({ from: '2026-01-07T10:00:00Z', to: '2026-01-07T10:10:00Z' });
      expect(a.bucket).toBe('minute');
      expect(a.volume).toHaveLength(10);
      expect(a.volume.map((v) => v.calls)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
      expect(a.volume[0]).toEqual({ start: '2026-01-07T10:00:00.000Z', calls: 1, answered: 0, failed: 1 });
    });

    it('filters by direction and provider', async () => {
      await ctx.seed();
      expect((await ctx.store.analytics({ ...RANGE, direction: 'inbound' })).totals.calls).toBe(4);
      const telnyx = await ctx.store.analytics({ ...RANGE, provider: ['telnyx'] });
      expect(telnyx.totals).toMatchObject({ calls: 2, answered: 2, meanDurationSec: 195 });
      expect((await ctx.store.analytics({ ...RANGE, provider: ['telnyx'], direction: 'outbound' })).totals.calls).toBe(1);
    });

    it('follows calls as they change: a call that completes moves between statuses', async () => {
      await ctx.store.append(callEvents({ providerCallId: 'CM', start: '2026-01-05T10:00:00.000Z', status: 'in-progress' }));
      expect((await ctx.store.analytics(RANGE)).byStatus.find((s) => s.status === 'in-progress')?.calls).toBe(1);
      await ctx.store.append(callEvents({ providerCallId: 'CM', start: '2026-01-05T10:00:00.000Z', status: 'completed', durationSec: 40 }).slice(-1));
      const after = await ctx.store.analytics(RANGE);
      expect(after.byStatus.filter((s) => s.calls > 0)).toEqual([{ status: 'completed', calls: 1 }]);
      expect(after.totals).toMatchObject({ calls: 1, answered: 1, medianDurationSec: 40 });
    });

    it('follows a duration that a later report corrects, with nothing else changing', async () => {
      await ctx.store.append([statusEvent('CD', 'completed', '2026-01-05T10:00:00.000Z', { durationSec: 1 })]);
      await ctx.store.append([statusEvent('CD', 'completed', '2026-01-05T10:00:30.000Z', { durationSec: 2 })]);
      const after = await ctx.store.analytics({ ...RANGE, bucket: 'day' });
      expect(after.totals.meanDurationSec).toBe(2);
      expect(after.daily[0]?.meanDurationSec).toBe(2);
      expect((await ctx.store.stats()).averageDurationSec).toBe(2);
    });

    it('rejects bad queries with INVALID_ARGUMENT', async () => {
      await expect(ctx.store.analytics({ from: RANGE.to, to: RANGE.from })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.store.analytics({ ...RANGE, timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.store.analytics({ ...RANGE, bucket: 'minute' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });
}
