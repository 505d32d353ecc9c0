/**
 * Turns the fan-out measurements into `pnpm bench` rows: ratios of per-contender medians over
 * rounds, with the per-round ratio range, the percentiles and the validity of the load generator
 * in the note.
 */
import { atLeast, atMost, median, type BenchRow } from '../lib/compare.js';
import type { MeasuredStep } from './contender-session.js';
import type { Workload } from './call-status-payload.js';
import type { ContenderId } from './contenders.js';
import type { SaturationResult } from './find-saturation.js';
import type { IdleMemoryResult } from './measure-idle-memory.js';

type PerContender<T> = Record<ContenderId, T[]>;

/** What {@link buildDeliveryRows} needs: the saturation and latency phases of one workload. */
export interface DeliveryMeasurements {
  workload: Workload;
  config: { clients: number; rounds: number; latencyWarmupMs: number; latencyWindowMs: number };
  saturation: PerContender<SaturationResult>;
  latency: PerContender<MeasuredStep>;
  /** The same latency runs with every server started with `--v8-pool-size=1` (diagnostic), when measured. */
  latencyOneHelper?: PerContender<MeasuredStep> | undefined;
  halfRate: number;
}

/** What {@link buildMemoryRows} needs. */
export interface MemoryMeasurements {
  config: { idleConnections: number };
  memory: PerContender<IdleMemoryResult>;
}

/** How a workload's rows name it. */
export function describeWorkload(workload: Workload, clients: number): string {
  return workload === 'W1' ? `W1: ${clients} clients over 20 tenants, each webhook to its tenant's ${Math.round(clients / 20)}` : `W2: ${clients} clients, all get every webhook`;
}

const LOADGEN_CPU_LIMIT = 0.8;
const LOADGEN_LAG_LIMIT_MS = 20;

const fixed = (value: number, digits = 2) => value.toFixed(digits);

/** A step where the load generator was not the bottleneck (realtime.md §7.2). */
export function loadgenValid(step: MeasuredStep | undefined): boolean {
  return step !== undefined && step.loadgenCpu <= LOADGEN_CPU_LIMIT && step.loopDelayP99Ms <= LOADGEN_LAG_LIMIT_MS;
}

function roundRatios(subject: number[], baseline: number[]): string {
  const ratios = subject.map((value, i) => value / baseline[i]!).filter((ratio) => Number.isFinite(ratio));
  if (ratios.length === 0) return 'n/a';
  return `${fixed(Math.min(...ratios))}-${fixed(Math.max(...ratios))}x`;
}

/** Builds the throughput, latency and CPU rows of one workload. */
export function buildDeliveryRows(m: DeliveryMeasurements): BenchRow[] {
  const { clients, rounds } = m.config;
  const shape = describeWorkload(m.workload, clients);
  const rows: BenchRow[] = [];

  const sat = (id: ContenderId) => m.saturation[id].map((result) => result.deliveriesPerSec);
  const satNote = (id: ContenderId) => {
    const results = m.saturation[id];
    const at = results.map((result) => result.atSaturation);
    const valid = at.filter(loadgenValid).length;
    const p99 = at.map((step) => (step ? fixed(step.latency.p99, 1) : '-')).join('/');
    const serverCpu = at.map((step) => (step ? `${Math.round(step.serverCpu * 100)}%` : '-')).join('/');
    const loadgenCpu = at.map((step) => (step ? `${Math.round(step.loadgenCpu * 100)}%` : '-')).join('/');
    const stopped = results.map((result) => result.firstFailure?.reason ?? 'step limit').join('; ');
    return `${id} per round p99 ${p99} ms, server CPU ${serverCpu}, loadgen CPU ${loadgenCpu} (valid ${valid}/${results.length}); next step failed: ${stopped}`;
  };
  const saturationRow = (subject: ContenderId, baseline: ContenderId, goal: number, extra = '') =>
    atLeast(
      {
        suite: 'fanout',
        metric: `${m.workload} delivered events/s at saturation (${shape}; p99 <= 100 ms, none lost)`,
        subject,
        baseline,
        subjectValue: median(sat(subject)),
        baselineValue: median(sat(baseline)),
        note: `median of ${rounds} interleaved rounds, per-round ratio ${roundRatios(sat(subject), sat(baseline))}. ${satNote(subject)}. ${satNote(baseline)}.${extra}`,
      },
      goal,
    );
  rows.push(saturationRow('OURS-WS', 'B-SIO', 1.5), saturationRow('OURS-WS', 'B-WS', 1.0));
  rows.push(saturationRow('OURS-SIO', 'B-SIO', 1.0, ' Goal for the Socket.IO gateway: no slower than plain Socket.IO (it runs on it).'));

  // The same runs normalised by the CPU the server got: on a shared machine the strict rule above
  // measures how much of CPU 0 other processes left, this measures the server.
  const capacity = (id: ContenderId) => m.saturation[id].map((result) => result.deliveriesPerCpuSecond);
  const waits = (id: ContenderId) =>
    m.saturation[id]
      .flatMap((result) => result.steps.filter((step) => step.phase !== 'warmup'))
      .map((step) => step.serverRunQueueWait ?? 0);
  const starved = (id: ContenderId) => `${Math.round(median(waits(id)) * 100)}%`;
  const capacityRow = (subject: ContenderId, baseline: ContenderId, goal: number) =>
    atLeast(
      {
        suite: 'fanout',
        metric: `${m.workload} deliveries per server CPU-second near saturation (same runs: upper half of the rates where all were delivered)`,
        subject,
        baseline,
        subjectValue: median(capacity(subject)),
        baselineValue: median(capacity(baseline)),
        note: `what one dedicated core would deliver; median of ${rounds} rounds, per-round ratio ${roundRatios(capacity(subject), capacity(baseline))}; median share of a step the server waited for CPU 0 (other processes): ${subject} ${starved(subject)}, ${baseline} ${starved(baseline)}`,
      },
      goal,
    );
  rows.push(capacityRow('OURS-WS', 'B-SIO', 1.5), capacityRow('OURS-WS', 'B-WS', 1.0), capacityRow('OURS-SIO', 'B-SIO', 1.0));

  const latencyRows = (runs: PerContender<MeasuredStep>, variant: string) => {
    const lat = (id: ContenderId) => runs[id];
    const percentiles = (id: ContenderId) => {
      const steps = lat(id);
      const pick = (key: 'p50' | 'p90' | 'p99' | 'p999') => fixed(median(steps.map((step) => step.latency[key])));
      const complete = steps.every((step) => step.delivered === step.expected && step.misdelivered === 0);
      return `${id} p50 ${pick('p50')} / p90 ${pick('p90')} / p99 ${pick('p99')} / p99.9 ${pick('p999')} ms${complete ? '' : ' (INCOMPLETE or misdelivered)'}, valid ${steps.filter(loadgenValid).length}/${steps.length}`;
    };
    // How long the load generator's one core was busy per webhook in the same runs: every client
    // reads its copy of a broadcast on that core, so the last reads of a broadcast cannot be
    // recorded sooner than about this long after the first, whichever server sends them.
    const loadgenMsPerWebhook = (id: ContenderId) =>
      median(lat(id).map((step) => (step.webhooks > 0 ? (step.loadgenCpu * (step.windowMs + step.drainMs)) / step.webhooks : 0)));
    const latencyRow = (subject: ContenderId, baseline: ContenderId) => {
      const p99 = (id: ContenderId) => lat(id).map((step) => step.latency.p99);
      const floor = `load generator CPU per webhook (its clients reading one broadcast on one core, a floor for any server's p99): ${subject} ${fixed(loadgenMsPerWebhook(subject))} ms, ${baseline} ${fixed(loadgenMsPerWebhook(baseline))} ms; 0.5x ${baseline} p99 = ${fixed(0.5 * median(p99(baseline)))} ms`;
      // Raw ws does nothing but loop over its sockets: what it records is about the least any server can.
      const reference = `raw ws in the same rounds: p99 ${fixed(median(p99('B-WS')))} ms = ${fixed(median(p99('B-WS')) / median(p99(baseline)))}x ${baseline} (per round ${roundRatios(p99('B-WS'), p99(baseline))})`;
      return atMost(
        {
          suite: 'fanout',
          metric: `${m.workload} webhook-to-client p99 ms at 50% of B-SIO saturation (${fixed(m.halfRate, 1)} webhooks/s; ${shape})${variant}`,
          subject,
          baseline,
          subjectValue: median(p99(subject)),
          baselineValue: median(p99(baseline)),
          note: `median of ${lat(subject).length} rounds (${m.config.latencyWindowMs / 1000} s each after a ${m.config.latencyWarmupMs / 1000} s warm-up), per-round ratio ${roundRatios(p99(subject), p99(baseline))}. ${percentiles(subject)}. ${percentiles(baseline)}. ${floor}; ${reference}.`,
        },
        0.5,
      );
    };
    return [latencyRow('OURS-WS', 'B-SIO'), latencyRow('OURS-SIO', 'B-SIO')];
  };
  rows.push(...latencyRows(m.latency, ''));
  // Diagnostic: each server is pinned to one core, where V8's four default helper threads (GC
  // marking, sweeping, compiling) take turns with the main thread; with one helper, what is left
  // is the servers' own work.
  if (m.latencyOneHelper) rows.push(...latencyRows(m.latencyOneHelper, ', every server with --v8-pool-size=1 (diagnostic)'));

  const lat = (id: ContenderId) => m.latency[id];
  const cpu = (id: ContenderId) => lat(id).map((step) => step.serverCpuUsPerDelivery);
  const bytes = (id: ContenderId) => fixed(median(lat(id).map((step) => step.bytesPerDelivery)), 0);
  const cpuRow = (subject: ContenderId, baseline: ContenderId, goal: number) =>
    atMost(
      {
        suite: 'fanout',
        metric: `${m.workload} server CPU us per delivery at 50% of B-SIO saturation`,
        subject,
        baseline,
        subjectValue: median(cpu(subject)),
        baselineValue: median(cpu(baseline)),
        note: `process.cpuUsage() delta / deliveries, same runs as the latency row; per-round ratio ${roundRatios(cpu(subject), cpu(baseline))}; wire bytes per delivery ${subject} ${bytes(subject)}, ${baseline} ${bytes(baseline)} (G2 of realtime.md 7.3)`,
      },
      goal,
    );
  rows.push(cpuRow('OURS-WS', 'B-SIO', 0.6), cpuRow('OURS-WS', 'B-WS', 1.1));
  return rows;
}

/** Builds the idle-memory rows. */
export function buildMemoryRows(m: MemoryMeasurements): BenchRow[] {
  const rows: BenchRow[] = [];
  const heap = (id: ContenderId) => m.memory[id].map((result) => result.heapPerConnection);
  const rss = (id: ContenderId) => fixed(median(m.memory[id].map((result) => result.rssPerConnection)) / 1024, 1);
  const leak = (id: ContenderId) => fixed(median(m.memory[id].map((result) => result.heapAfterDisconnect)) / 1024, 0);
  const memoryRow = (subject: ContenderId, baseline: ContenderId, goal: number) =>
    atMost(
      {
        suite: 'fanout',
        metric: `server heap bytes per idle connection (forced GC, slope over 100-${100 + m.config.idleConnections} connections)`,
        subject,
        baseline,
        subjectValue: median(heap(subject)),
        baselineValue: median(heap(baseline)),
        note: `median of ${m.memory[subject].length} rounds, per-round ratio ${roundRatios(heap(subject), heap(baseline))}; RSS slope ${subject} ${rss(subject)} KiB, ${baseline} ${rss(baseline)} KiB per connection; heap after all disconnected vs first wave: ${subject} ${leak(subject)} KiB, ${baseline} ${leak(baseline)} KiB`,
      },
      goal,
    );
  rows.push(memoryRow('OURS-WS', 'B-SIO', 0.6), memoryRow('OURS-SIO', 'B-SIO', 0.6), memoryRow('OURS-WS', 'B-WS', 1.3));
  return rows;
}
