/**
 * The load generator process (pinned to its own CPU by the orchestrator): N dashboard clients of
 * one contender plus the webhook firer, driven step by step over IPC. A step fires webhooks on a
 * fixed open-loop schedule at rate R for a window, then waits until every client got every
 * webhook of the step (or the drain time is over), and reports deliveries, latency percentiles
 * (receipt − scheduled send time, same clock), wire bytes, and its own CPU and event-loop delay
 * so a run where the load generator was the bottleneck can be told apart.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { TENANTS, tenantIndexOf, type Workload } from './call-status-payload.js';
import { createClientPool, type ClientPool } from './client-pool.js';
import { clientProtocol } from './client-protocols.js';
import { CONTENDERS, type Contender, type ContenderId } from './contenders.js';
import { createLatencyHistogram, type LatencySummary } from './latency-histogram.js';
import { runQueueWaitMs } from './run-queue-wait.js';
import { createWebhookSender, type WebhookSender } from './webhook-sender.js';

/** Commands from the orchestrator. */
export type LoadCommand =
  | { type: 'init'; contender: ContenderId; port: number; apiKey: string; workload: Workload }
  | { type: 'fill'; total: number }
  | { type: 'step'; rate: number; windowMs: number; drainMs: number }
  | { type: 'settle'; quietMs: number; maxMs: number }
  | { type: 'close-all' };

/** What one step measured. */
export interface StepResult {
  rate: number;
  webhooks: number;
  clients: number;
  expected: number;
  delivered: number;
  /** Deliveries of earlier steps that arrived during this one. */
  outside: number;
  /** Deliveries to a client of another tenant (W1); any makes the step invalid. */
  misdelivered: number;
  bytesPerDelivery: number;
  /** Webhook to client, ms. */
  latency: LatencySummary;
  /** Scheduled send to HTTP response, ms. */
  ack: LatencySummary;
  failedWebhooks: number;
  failures: Record<string, number>;
  /** How late the load generator fired webhooks, ms. */
  sendLag: LatencySummary;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Load-generator CPU over the step (1 = one core busy). */
  loadgenCpu: number;
  /** Share of the step the load generator's main thread was runnable but waiting for its CPU. */
  loadgenRunQueueWait: number | undefined;
  windowMs: number;
  drainMs: number;
  /** Close reasons of clients so far. */
  closes: Record<string, number>;
}

/** Replies to the orchestrator. */
export type LoadReply =
  | { type: 'ok' }
  | { type: 'filled'; ready: number; opened: number; ms: number }
  | { type: 'step-result'; result: StepResult }
  | { type: 'error'; message: string };

let contender: Contender | undefined;
let pool: ClientPool | undefined;
let sender: WebhookSender | undefined;
let webhookNumber = 0;
let workload: Workload = 'W2';
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

function reply(message: LoadReply): void {
  process.send?.(message);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function step(rate: number, windowMs: number, drainMs: number): Promise<StepResult> {
  if (!contender || !pool || !sender) throw new Error('init first');
  const clients = pool;
  const webhooks = sender;
  const target = contender;
  const total = Math.max(1, Math.round((rate * windowMs) / 1000));
  const interval = 1000 / rate;
  const start = performance.now() + 5;
  const schedOf = (i: number) => Math.round((start + i * interval) * 1000) / 1000;
  const sendLag = createLatencyHistogram();
  clients.count(schedOf(0) - 0.001, schedOf(total - 1) + 0.001);
  webhooks.resetStats();
  const ready = clients.ready;
  // W2: every ready client gets every webhook; W1: the ready clients of each webhook's tenant.
  let expected = total * ready;
  if (workload === 'W1') {
    expected = 0;
    for (let i = 0; i < total; i++) expected += clients.readyOf(tenantIndexOf(webhookNumber + i));
  }
  loopDelay.reset();
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  const waitBefore = runQueueWaitMs();

  await new Promise<void>((resolve) => {
    let next = 0;
    const pump = () => {
      const now = performance.now();
      for (; next < total && schedOf(next) <= now; next++) {
        const sched = schedOf(next);
        sendLag.record(now - sched);
        webhooks.fire(target.webhookBody(webhookNumber++, sched, Date.now()), sched);
      }
      if (next >= total) resolve();
      else setTimeout(pump, Math.max(0, schedOf(next) - performance.now()));
    };
    setTimeout(pump, Math.max(0, start - performance.now()));
  });
  const windowEnd = performance.now();
  while ((clients.counts.delivered < expected || webhooks.outstanding > 0) && performance.now() < windowEnd + drainMs) await sleep(2);
  const end = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const waitAfter = runQueueWaitMs();
  loopDelay.disable();
  const { counts } = clients;
  const stats = webhooks.stats;
  return {
    rate,
    webhooks: total,
    clients: ready,
    expected,
    delivered: counts.delivered,
    outside: counts.outside,
    misdelivered: counts.misdelivered,
    bytesPerDelivery: counts.delivered === 0 ? 0 : counts.bytes / counts.delivered,
    latency: counts.histogram.summary(),
    ack: stats.ack.summary(),
    failedWebhooks: stats.failed + (stats.sent - stats.acked - stats.failed),
    failures: { ...stats.failures },
    sendLag: sendLag.summary(),
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
    loadgenCpu: (cpu.user + cpu.system) / 1000 / (end - start),
    loadgenRunQueueWait: waitBefore === undefined || waitAfter === undefined ? undefined : (waitAfter - waitBefore) / (end - start),
    windowMs: windowEnd - start,
    drainMs: end - windowEnd,
    closes: { ...clients.closes },
  };
}

async function settle(quietMs: number, maxMs: number): Promise<void> {
  const deadline = performance.now() + maxMs;
  while (performance.now() < deadline) {
    const quiet = performance.now() - (pool?.lastDeliveryAt ?? 0) >= quietMs;
    if (quiet && (sender?.outstanding ?? 0) === 0) return;
    await sleep(10);
  }
}

async function handle(command: LoadCommand): Promise<LoadReply> {
  switch (command.type) {
    case 'init':
      contender = CONTENDERS[command.contender];
      workload = command.workload;
      pool = createClientPool(command.port, {
        protocol: (tenant) => clientProtocol(command.contender, command.apiKey, tenant),
        tenants: workload === 'W1' ? TENANTS : 0,
      });
      sender = createWebhookSender({ port: command.port, path: contender.webhookPath, headers: contender.webhookHeaders(command.apiKey) });
      return { type: 'ok' };
    case 'fill': {
      if (!pool) throw new Error('init first');
      const started = performance.now();
      const opened = await pool.fill(command.total);
      return { type: 'filled', ready: pool.ready, opened, ms: performance.now() - started };
    }
    case 'step':
      return { type: 'step-result', result: await step(command.rate, command.windowMs, command.drainMs) };
    case 'settle':
      await settle(command.quietMs, command.maxMs);
      return { type: 'ok' };
    case 'close-all':
      pool?.closeAll();
      return { type: 'ok' };
  }
}

process.on('message', (command: LoadCommand) => {
  handle(command).then(reply, (error: unknown) => reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
});
process.on('disconnect', () => process.exit(0));
reply({ type: 'ok' });
