/** One bar. */
export interface Bar {
  label: string;
  value: number;
  /** Shown under the bar; defaults to `label`. */
  tick?: string;
}

/**
 * A vertical bar chart in plain SVG: one bar per entry, the tallest at full height, a tick label
 * every `tickEvery` bars.
 */
export function BarChart({ bars, title, tickEvery = 1, height = 160 }: { bars: Bar[]; title: string; tickEvery?: number; height?: number }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const width = Math.max(300, bars.length * 14);
  const barWidth = width / Math.max(1, bars.length);
  return (
    <figure className="chart" data-testid={`chart-${title.toLowerCase().replace(/\s+/g, '-')}`}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height + 24}`} role="img" aria-label={title} preserveAspectRatio="none">
        {bars.map((bar, index) => {
          const h = (bar.value / max) * height;
          return (
            <g key={`${bar.label}-${index}`}>
              <rect className="bar" x={index * barWidth + 1} y={height - h} width={Math.max(1, barWidth - 2)} height={h} data-value={bar.value}>
                <title>{`${bar.label}: ${bar.value}`}</title>
              </rect>
              {index % tickEvery === 0 ? (
                <text x={index * barWidth + barWidth / 2} y={height + 16} textAnchor="middle" className="tick">
                  {bar.tick ?? bar.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** A horizontal bar list (breakdowns): label, bar, count and share. */
export function BreakdownChart({ rows, title }: { rows: Array<{ label: string; value: number }>; title: string }) {
  const total = rows.reduce((sum, row) => sum + row.value, 0);
  const max = Math.max(1, ...rows.map((row) => row.value));
  return (
    <figure className="chart breakdown" data-testid={`chart-${title.toLowerCase().replace(/\s+/g, '-')}`}>
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? <p className="muted">No calls in this range.</p> : null}
      <ul>
        {rows.map((row) => (
          <li key={row.label}>
            <span className="breakdown-label">{row.label}</span>
            <span className="breakdown-track">
              <span className="breakdown-bar" style={{ width: `${(row.value / max) * 100}%` }} data-value={row.value} />
            </span>
            <span className="breakdown-value">
              {row.value} <span className="muted">({total ? Math.round((row.value / total) * 100) : 0} %)</span>
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
