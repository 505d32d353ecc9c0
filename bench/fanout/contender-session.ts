/**
 * One run of one contender: a fresh server process pinned to CPU 0 and a fresh load generator
 * pinned to CPU 1, connected and ready. Each step is bracketed by server CPU readings, so every
 * step knows how busy the server was and what a delivery cost it.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startBenchProcess, type BenchProcess } from './child-process.js';
import type { Workload } from './call-status-payload.js';
import { CONTENDERS, type ContenderId } from './contenders.js';
import type { LoadCommand, LoadReply, StepResult } from './load-generator.js';
import type { ControlReply, ControlRequest, ServerUsage } from './servers/server-control.js';

/** A step with the server's side of it. */
export interface MeasuredStep extends StepResult {
  /** Server CPU over the step, 1 = one core busy. */
  serverCpu: number;
  /** Share of the step the server's main thread was runnable but waiting for CPU 0 (other processes had it). */
  serverRunQueueWait: number | undefined;
  /** Server CPU µs per delivered event. */
  serverCpuUsPerDelivery: number;
  serverRssMb: number;
  serverHeapMb: number;
}

/** A running contender. */
export interface ContenderSession {
  readonly contender: ContenderId;
  /** The server process, for diagnostics (heap snapshots on a signal, perf). */
  readonly serverPid: number;
  /** Opens clients until `total` are ready (replacing closed ones). */
  fill(total: number): Promise<{ ready: number; ms: number }>;
  step(rate: number, windowMs: number, drainMs: number): Promise<MeasuredStep>;
  /** Waits until deliveries stopped for `quietMs` and every webhook was answered. */
  settle(quietMs?: number, maxMs?: number): Promise<void>;
  /** Server memory after forced GCs (needs `exposeGc`). */
  gcUsage(): Promise<ServerUsage>;
  closeClients(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link openContenderSession}. */
export interface SessionOptions {
  /** Start the server with `--expose-gc` (memory runs). */
  exposeGc?: boolean;
  /** Directory for `--cpu-prof` profiles of the server, if wanted. */
  cpuProfileDir?: string;
  /** More Node flags for the server (diagnostics). */
  serverFlags?: string[];
  /** The server to run instead of the contender's TypeScript script (its bundle). */
  serverScript?: URL;
  /** The fan-out shape (default W2: every client gets every webhook). */
  workload?: Workload;
}

const SERVER_CPU = 0;
const LOADGEN_CPU = 1;

/** Starts the server and the load generator of a contender. */
export async function openContenderSession(id: ContenderId, options: SessionOptions = {}): Promise<ContenderSession> {
  const contender = CONTENDERS[id];
  const apiKey = `fanout-${randomBytes(12).toString('hex')}`;
  const serverFlags = [
    ...(options.serverFlags ?? []),
    ...(options.exposeGc ? ['--expose-gc'] : []),
    // One directory per contender: Node writes a profile per thread (tsx's loader thread too).
    ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(options.cpuProfileDir, id)}`] : []),
  ];
  const server: BenchProcess<ControlRequest, ControlReply> = startBenchProcess(options.serverScript ?? contender.server, {
    cpu: SERVER_CPU,
    nodeFlags: serverFlags,
    env: { FANOUT_API_KEY: apiKey, FANOUT_WORKLOAD: options.workload ?? 'W2' },
  });
  const loadgen: BenchProcess<LoadCommand, LoadReply> = startBenchProcess(new URL('./load-generator.ts', import.meta.url), { cpu: LOADGEN_CPU });
  try {
    const announced = await server.next(60_000);
    if (announced.type !== 'ready') throw new Error(`server said ${JSON.stringify(announced)}`);
    await expect(loadgen.next(60_000), 'ok');
    await expect(loadgen.request({ type: 'init', contender: id, port: announced.port, apiKey, workload: options.workload ?? 'W2' }), 'ok');
  } catch (error) {
    await Promise.all([server.stop(500), loadgen.stop(500)]);
    throw error;
  }

  let usageId = 0;
  async function usage(type: 'usage' | 'gc-usage'): Promise<ServerUsage> {
    const reply = await server.request({ type, id: ++usageId }, 60_000);
    if (reply.type !== 'usage') throw new Error(`server said ${JSON.stringify(reply)}`);
    return reply.usage;
  }

  return {
    contender: id,
    serverPid: server.pid,
    async fill(total) {
      const reply = await expect(loadgen.request({ type: 'fill', total }, 180_000), 'filled');
      return { ready: reply.ready, ms: reply.ms };
    },
    async step(rate, windowMs, drainMs) {
      const before = await usage('usage');
      const reply = await expect(loadgen.request({ type: 'step', rate, windowMs, drainMs }, windowMs + drainMs + 60_000), 'step-result');
      const after = await usage('usage');
      const cpuMs = (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1000;
      const { result } = reply;
      return {
        ...result,
        serverCpu: cpuMs / (after.at - before.at),
        serverRunQueueWait:
          before.runQueueWaitMs === undefined || after.runQueueWaitMs === undefined ? undefined : (after.runQueueWaitMs - before.runQueueWaitMs) / (after.at - before.at),
        serverCpuUsPerDelivery: result.delivered === 0 ? 0 : (cpuMs * 1000) / result.delivered,
        serverRssMb: after.memory.rss / 2 ** 20,
        serverHeapMb: after.memory.heapUsed / 2 ** 20,
      };
    },
    async settle(quietMs = 300, maxMs = 6_000) {
      await expect(loadgen.request({ type: 'settle', quietMs, maxMs }, maxMs + 10_000), 'ok');
    },
    gcUsage: () => usage('gc-usage'),
    async closeClients() {
      await expect(loadgen.request({ type: 'close-all' }), 'ok');
    },
    async close() {
      await loadgen.stop(2_000);
      await server.stop(5_000, { type: 'stop' });
    },
  };
}

async function expect<T extends LoadReply['type']>(reply: Promise<LoadReply>, type: T): Promise<Extract<LoadReply, { type: T }>> {
  const message = await reply;
  if (message.type === 'error') throw new Error(`load generator: ${message.message}`);
  if (message.type !== type) throw new Error(`load generator said ${message.type}, expected ${type}`);
  return message as Extract<LoadReply, { type: T }>;
}
