/** Label values of one series. */
export type Labels = Readonly<Record<string, string>>;

/** A monotonically increasing count per label set. */
export interface Counter {
  inc(labels?: Labels, by?: number): void;
}

/** A distribution of observed values, in cumulative buckets. */
export interface Histogram {
  observe(value: number, labels?: Labels): void;
}

/** Renders metrics in the Prometheus text exposition format (version 0.0.4). */
export interface PrometheusRegistry {
  counter(name: string, help: string): Counter;
  histogram(name: string, help: string, buckets: readonly number[]): Histogram;
  /** A gauge whose value is read when scraped. */
  gauge(name: string, help: string, read: () => number | Promise<number>): void;
  render(): Promise<string>;
}

interface HistogramSeries {
  counts: number[];
  sum: number;
  count: number;
}

/**
 * A small in-process Prometheus registry: counters and histograms keyed by label set, and
 * gauges read at scrape time. Series are kept per distinct label set, so labels must come from
 * bounded sets (route patterns, provider ids, status codes), never from raw paths or ids.
 */
export function createPrometheusRegistry(): PrometheusRegistry {
  const blocks: Array<() => Promise<string>> = [];

  return {
    counter(name, help) {
      const series = new Map<string, number>();
      blocks.push(async () => {
        let text = header(name, help, 'counter');
        for (const [labels, value] of series) text += `${name}${labels} ${value}\n`;
        return text;
      });
      return {
        inc(labels, by = 1) {
          const key = formatLabels(labels);
          series.set(key, (series.get(key) ?? 0) + by);
        },
      };
    },
    histogram(name, help, buckets) {
      const series = new Map<string, HistogramSeries>();
      blocks.push(async () => {
        let text = header(name, help, 'histogram');
        for (const [key, entry] of series) {
          const inner = key === '' ? '' : key.slice(1, -1);
          let cumulative = 0;
          buckets.forEach((bound, i) => {
            cumulative += entry.counts[i]!;
            text += `${name}_bucket{${joinLabels(inner, `le="${bound}"`)}} ${cumulative}\n`;
          });
          text += `${name}_bucket{${joinLabels(inner, 'le="+Inf"')}} ${entry.count}\n`;
          text += `${name}_sum${key} ${entry.sum}\n${name}_count${key} ${entry.count}\n`;
        }
        return text;
      });
      return {
        observe(value, labels) {
          const key = formatLabels(labels);
          let entry = series.get(key);
          if (entry === undefined) {
            entry = { counts: buckets.map(() => 0), sum: 0, count: 0 };
            series.set(key, entry);
          }
          const index = buckets.findIndex((bound) => value <= bound);
          if (index >= 0) entry.counts[index]!++;
          entry.sum += value;
          entry.count++;
        },
      };
    },
    gauge(name, help, read) {
      blocks.push(async () => `${header(name, help, 'gauge')}${name} ${await read()}\n`);
    },
    async render() {
      const parts = await Promise.all(blocks.map((block) => block()));
      return parts.join('');
    },
  };
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
}

// Runs on every counted request: one pass over the names, no intermediate arrays.
function formatLabels(labels: Labels | undefined): string {
  if (labels === undefined) return '';
  let text = '';
  for (const label in labels) text += `${text === '' ? '{' : ','}${label}="${escapeValue(labels[label]!)}"`;
  return text === '' ? '' : `${text}}`;
}

function joinLabels(inner: string, extra: string): string {
  return inner === '' ? extra : `${inner},${extra}`;
}

const NEEDS_ESCAPE = /[\\\n"]/;

function escapeValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
