/**
 * Realtime fan-out (reference/realtime.md §7.2-7.3): Callboard's stack with clients on its plain
 * WebSocket gateway (OURS-WS) and on its Socket.IO gateway (OURS-SIO), against raw `ws`
 * broadcast (B-WS) and the typical Express + Socket.IO emit-per-webhook server (B-SIO), in two
 * shapes: W1, 2,000 clients over 20 tenants, each webhook to its tenant's 100 (Callboard's
 * clients subscribe to the feed with a metadata filter, the baselines join the tenant's room or
 * set); W2, every webhook to every one of 1,000 clients (a wallboard).
 *
 * Every run starts a fresh server process pinned to CPU 0 and a fresh load generator pinned to
 * CPU 1 (N protocol-level WebSocket clients plus an open-loop webhook firer, all in one process,
 * one clock). Phases, contenders interleaved and the order reversed each round:
 *
 * 1. saturation (per workload): delivered events/s at the last step where all were delivered
 *    with p99 ≤ 100 ms;
 * 2. latency (per workload): webhook→client percentiles and server CPU per delivery at half of
 *    B-SIO's (median) saturation rate, 30 s after 10 s of warm-up (optionally again with every
 *    server on one V8 helper thread);
 * 3. idle memory: server heapUsed per idle connection after forced GC.
 *
 * Ratios are of per-contender medians over rounds. The full record goes to
 * `bench/results/fanout.json`. Knobs (env): FANOUT_WORKLOADS (W1,W2), FANOUT_W1_CLIENTS (2000),
 * FANOUT_CLIENTS (W2's, 1000), FANOUT_ROUNDS (3), FANOUT_IDLE (2000), FANOUT_MEMORY_ROUNDS (2),
 * FANOUT_CPU_PROF=<dir> (profile OURS servers), FANOUT_LATENCY_WARMUP_MS (10000) and
 * FANOUT_LATENCY_WINDOW_MS (30000), FANOUT_ONE_HELPER=1 (also measure latency with every server on
 * one V8 helper thread).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildDeliveryRows, buildMemoryRows, describeWorkload } from './fanout/build-fanout-rows.js';
import type { Workload } from './fanout/call-status-payload.js';
import { bundleServers } from './lib/bundle-servers.js';
import { openContenderSession, type MeasuredStep } from './fanout/contender-session.js';
import { CONTENDERS, type ContenderId } from './fanout/contenders.js';
import { findSaturation, type SaturationResult } from './fanout/find-saturation.js';
import { measureIdleMemory, type IdleMemoryResult } from './fanout/measure-idle-memory.js';
import { loadAverage, machine, packageVersions } from './fanout/run-record.js';
import { median, type BenchSuite } from './lib/compare.js';

const ORDER: ContenderId[] = ['B-SIO', 'OURS-WS', 'B-WS', 'OURS-SIO'];

function numberFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const workloads = (process.env.FANOUT_WORKLOADS ?? 'W1,W2').split(',').filter((name): name is Workload => name === 'W1' || name === 'W2');
if (workloads.length === 0) throw new Error('FANOUT_WORKLOADS names no workload (W1, W2)');

const config = {
  workloads,
  clients: { W1: numberFromEnv('FANOUT_W1_CLIENTS', 2000), W2: numberFromEnv('FANOUT_CLIENTS', 1000) } as Record<Workload, number>,
  /** The first rate of the saturation search, webhooks/s (W1's webhooks reach 20x fewer clients). */
  firstStartRate: { W1: 40, W2: 4 } as Record<Workload, number>,
  rounds: numberFromEnv('FANOUT_ROUNDS', 3),
  memoryRounds: numberFromEnv('FANOUT_MEMORY_ROUNDS', 2),
  idleConnections: numberFromEnv('FANOUT_IDLE', 2000),
  stepWindowMs: 1_500,
  stepDrainMs: 500,
  p99LimitMs: 100,
  maxSteps: 11,
  // realtime.md §7.2: 10 s of warm-up excluded, 30-60 s measured. A p99 over a few seconds is
  // set by one or two stalls and moved 2-4x between identical runs; a short warm-up also measured
  // the JIT still compiling the larger servers on their one core.
  latencyWarmupMs: numberFromEnv('FANOUT_LATENCY_WARMUP_MS', 10_000),
  latencyWindowMs: numberFromEnv('FANOUT_LATENCY_WINDOW_MS', 30_000),
  cpuProfileDir: process.env.FANOUT_CPU_PROF,
  /** Also measure latency with every server on one V8 helper thread (a diagnostic; `FANOUT_ONE_HELPER=1`). */
  oneHelperLatency: process.env.FANOUT_ONE_HELPER === '1',
};

const log = (line: string) => console.log(line);
let bundles = new Map<string, URL>();

/** Session options every run shares: the bundled server of the contender. */
function serverOf(id: ContenderId): { serverScript?: URL } {
  const bundle = bundles.get(CONTENDERS[id].server.href);
  return bundle ? { serverScript: bundle } : {};
}

function orderOf(round: number): ContenderId[] {
  return round % 2 === 0 ? ORDER : [...ORDER].reverse();
}

function profileDirFor(id: ContenderId): string | undefined {
  return config.cpuProfileDir && id.startsWith('OURS') ? config.cpuProfileDir : undefined;
}

async function saturationPhase(workload: Workload): Promise<Record<ContenderId, SaturationResult[]>> {
  const results = { 'OURS-WS': [], 'OURS-SIO': [], 'B-WS': [], 'B-SIO': [] } as Record<ContenderId, SaturationResult[]>;
  for (let round = 0; round < config.rounds; round++) {
    log(`  ${workload} saturation, round ${round + 1}/${config.rounds} (load ${loadAverage().join(' ')})`);
    for (const id of orderOf(round)) {
      const previous = results[id].at(-1);
      const session = await openContenderSession(id, { ...serverOf(id), workload, cpuProfileDir: profileDirFor(id) });
      try {
        await session.fill(config.clients[workload]);
        const result = await findSaturation(session, {
          clients: config.clients[workload],
          // Later rounds start well below the last result, so the ×1.5 / ×1.15 ramp still runs.
          startRate: previous && previous.rate > 0 ? previous.rate * 0.45 : config.firstStartRate[workload],
          windowMs: config.stepWindowMs,
          drainMs: config.stepDrainMs,
          p99LimitMs: config.p99LimitMs,
          maxSteps: config.maxSteps,
          log,
        });
        log(
          `  ${id}: saturation ${result.rate.toFixed(1)} webhooks/s = ${Math.round(result.deliveriesPerSec).toLocaleString('en-US')} deliveries/s; ${Math.round(result.deliveriesPerCpuSecond).toLocaleString('en-US')} deliveries per server CPU-second`,
        );
        results[id].push(result);
      } finally {
        await session.close();
      }
    }
  }
  return results;
}

async function latencyPhase(workload: Workload, rate: number, serverFlags: string[] = []): Promise<Record<ContenderId, MeasuredStep[]>> {
  const results = { 'OURS-WS': [], 'OURS-SIO': [], 'B-WS': [], 'B-SIO': [] } as Record<ContenderId, MeasuredStep[]>;
  const flags = serverFlags.length > 0 ? `, every server with ${serverFlags.join(' ')}` : '';
  for (let round = 0; round < config.rounds; round++) {
    log(`  ${workload} latency at ${rate.toFixed(1)} webhooks/s${flags}, round ${round + 1}/${config.rounds} (load ${loadAverage().join(' ')})`);
    for (const id of orderOf(round)) {
      const session = await openContenderSession(id, { ...serverOf(id), workload, serverFlags, cpuProfileDir: profileDirFor(id) });
      try {
        await session.fill(config.clients[workload]);
        await session.step(rate, config.latencyWarmupMs, config.stepDrainMs);
        await session.settle(300, 3_000);
        const step = await session.step(rate, config.latencyWindowMs, 2_000);
        const { latency } = step;
        log(
          `    ${id}: ${step.delivered}/${step.expected} p50 ${latency.p50.toFixed(2)} p90 ${latency.p90.toFixed(2)} p99 ${latency.p99.toFixed(2)} p99.9 ${latency.p999.toFixed(2)} ms; server ${step.serverCpuUsPerDelivery.toFixed(2)} µs/delivery, CPU ${(step.serverCpu * 100).toFixed(0)}%; loadgen CPU ${(step.loadgenCpu * 100).toFixed(0)}%`,
        );
        results[id].push(step);
      } finally {
        await session.close();
      }
    }
  }
  return results;
}

async function memoryPhase(): Promise<Record<ContenderId, IdleMemoryResult[]>> {
  const results = { 'OURS-WS': [], 'OURS-SIO': [], 'B-WS': [], 'B-SIO': [] } as Record<ContenderId, IdleMemoryResult[]>;
  const first = 100;
  const waves = [0, 1, 2].map((i) => first + Math.round((i * config.idleConnections) / 2));
  for (let round = 0; round < config.memoryRounds; round++) {
    log(`  idle memory, waves ${waves.join(', ')}, round ${round + 1}/${config.memoryRounds}`);
    for (const id of orderOf(round)) {
      const session = await openContenderSession(id, { ...serverOf(id), exposeGc: true });
      try {
        results[id].push(await measureIdleMemory(session, waves, log));
      } finally {
        await session.close();
      }
    }
  }
  return results;
}

const suite: BenchSuite = async () => {
  const started = Date.now();
  bundles = bundleServers(Object.values(CONTENDERS).map((contender) => contender.server), { cache: 'fanout' });
  const loadAtStart = loadAverage();
  log(`  workloads ${config.workloads.join(', ')}, ${config.rounds} rounds; load average ${loadAtStart.join(' ')}`);
  const perWorkload: Array<Record<string, unknown>> = [];
  const rows = [];
  for (const workload of config.workloads) {
    log(`  ${describeWorkload(workload, config.clients[workload])}`);
    const saturation = await saturationPhase(workload);
    const bsioSaturation = median(saturation['B-SIO'].map((result) => result.rate));
    // On a machine so busy that B-SIO never passed a step, the latency phase still runs, at the
    // lowest rate the search tries, and the record says so.
    const halfRate = bsioSaturation > 0 ? 0.5 * bsioSaturation : config.firstStartRate[workload] / 2;
    if (bsioSaturation === 0) log('  B-SIO never passed a saturation step: the latency phase runs at the lowest searched rate instead');
    const loadAfterSaturation = loadAverage();
    const latency = await latencyPhase(workload, halfRate);
    // The same, every server with one V8 helper thread: on its one pinned core the default four
    // take turns with the main thread (see docs/benchmarks.md).
    const latencyOneHelper = config.oneHelperLatency ? await latencyPhase(workload, halfRate, ['--v8-pool-size=1']) : undefined;
    rows.push(...buildDeliveryRows({ workload, config: { ...config, clients: config.clients[workload] }, saturation, latency, latencyOneHelper, halfRate }));
    perWorkload.push({
      workload,
      clients: config.clients[workload],
      loadAverage: { afterSaturation: loadAfterSaturation, afterLatency: loadAverage() },
      bsioSaturationRate: bsioSaturation,
      latencyRate: halfRate,
      saturation,
      latency,
      latencyOneHelper,
    });
  }
  const memory = await memoryPhase();
  rows.push(...buildMemoryRows({ config, memory }));

  const record = {
    at: new Date(started).toISOString(),
    durationSec: Math.round((Date.now() - started) / 1000),
    machine: machine(),
    packages: packageVersions(),
    loadAverage: { start: loadAtStart, end: loadAverage() },
    workload:
      'W1: each webhook to the clients of its tenant (20 tenants); W2: every webhook to every client; ~360-byte call-status JSON per webhook (4 statuses per call, 20 tenants round-robin); ' +
      'open-loop constant-rate webhooks over keep-alive HTTP/1.1; OURS ingests through bot POST /api/calls into a memory store',
    config,
    contenders: Object.fromEntries(Object.values(CONTENDERS).map((contender) => [contender.id, contender.label])),
    workloads: perWorkload,
    memory,
    rows,
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/fanout.json', import.meta.url), JSON.stringify(record, null, 2));
  log(`  fan-out suite took ${record.durationSec} s; record in bench/results/fanout.json`);
  return rows;
};

export default suite;
