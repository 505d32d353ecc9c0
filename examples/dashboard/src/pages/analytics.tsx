import { useEffect, useState } from 'react';
import type { AnalyticsResult } from '@callboard/core';
import { BarChart, BreakdownChart } from '../components/bar-chart.js';
import { KpiTile } from '../components/kpi-tile.js';
import { formatDuration, formatPercent, STATUS_LABELS } from '../lib/format.js';
import { setQuery, useLocation } from '../lib/router.js';
import { api } from '../lib/session.js';

const RANGES = { '24h': 1, '7d': 7, '30d': 30 } as const;
type RangeKey = keyof typeof RANGES;

/** Analytics computed by the server over the stored calls: KPIs and charts for a time range. */
export function AnalyticsPage() {
  const { query } = useLocation();
  const range = (query.get('range') as RangeKey | null) ?? '7d';
  const days = RANGES[range] ?? 7;
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [data, setData] = useState<AnalyticsResult>();
  const [error, setError] = useState<string>();
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    const timer = window.setInterval(() => setRefresh((n) => n + 1), 30_000);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    const to = new Date(Date.now() + 60_000);
    const from = new Date(to.getTime() - days * 86_400_000);
    api
      .analytics({ from: from.toISOString(), to: to.toISOString(), tz: timeZone, bucket: days === 1 ? 'hour' : 'day' }, { signal: controller.signal })
      .then(setData, (e: Error) => {
        if (!controller.signal.aborted) setError(e.message);
      });
    return () => controller.abort();
  }, [days, timeZone, refresh]);

  return (
    <section data-testid="analytics">
      <header className="page-header">
        <h1>Analytics</h1>
        <div className="segmented">
          {(Object.keys(RANGES) as RangeKey[]).map((key) => (
            <button key={key} type="button" className={key === range ? 'active' : 'secondary'} onClick={() => setQuery({ range: key })}>
              {key}
            </button>
          ))}
        </div>
      </header>
      {error ? <p className="error">{error}</p> : null}
      {!data ? <p className="muted">Loading…</p> : <AnalyticsView data={data} />}
    </section>
  );
}

function AnalyticsView({ data }: { data: AnalyticsResult }) {
  const volumeBars = (data.bucket === 'day' ? data.daily.map((d) => ({ label: d.date, value: d.calls, tick: d.date.slice(5) })) : data.volume.map((v) => ({ label: v.start, value: v.calls, tick: new Date(v.start).getHours().toString() })));
  return (
    <>
      <div className="kpis">
        <KpiTile label="Calls" value={String(data.totals.calls)} />
        <KpiTile label="Answered" value={String(data.totals.answered)} />
        <KpiTile label="Answer rate" value={formatPercent(data.totals.answerRate)} />
        <KpiTile label="Average duration" value={formatDuration(data.totals.meanDurationSec)} hint={`median ${formatDuration(data.totals.medianDurationSec)} · p90 ${formatDuration(data.totals.p90DurationSec)}`} />
      </div>
      <div className="charts">
        <BarChart title={data.bucket === 'day' ? 'Volume per day' : 'Volume per hour'} bars={volumeBars} tickEvery={Math.max(1, Math.ceil(volumeBars.length / 12))} />
        <BarChart title="Hour of day" bars={data.byHourOfDay.map((h) => ({ label: `${h.hour}:00`, value: h.calls, tick: String(h.hour) }))} tickEvery={3} />
        <BreakdownChart title="Status" rows={data.byStatus.filter((s) => s.calls > 0).map((s) => ({ label: STATUS_LABELS[s.status], value: s.calls }))} />
        <BreakdownChart title="Hangup cause" rows={data.byHangupCause.filter((c) => c.calls > 0).map((c) => ({ label: c.cause, value: c.calls }))} />
        <BreakdownChart title="Languages" rows={data.byLanguage.filter((l) => l.calls > 0).map((l) => ({ label: l.language, value: l.calls }))} />
        <BarChart title="Average duration per day" bars={data.daily.map((d) => ({ label: d.date, value: Math.round(d.meanDurationSec ?? 0), tick: d.date.slice(5) }))} tickEvery={Math.max(1, Math.ceil(data.daily.length / 10))} />
      </div>
    </>
  );
}
