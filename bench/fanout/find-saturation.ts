/**
 * The saturation rule of reference/realtime.md §7.2, shortened to fit the suite's time budget:
 * raise the webhook rate step by step (×1.5 until a step fails, then ×1.15 from the last good
 * one) and call saturation the last step where every client got every webhook of the step,
 * every webhook was answered 2xx, and p99 webhook→client latency stayed ≤ 100 ms. A failed step
 * is repeated once after the server has drained (the machine is shared, so one noisy step should
 * not end a run); it fails only if both attempts fail.
 */
import type { ContenderSession, MeasuredStep } from './contender-session.js';

const MIN_WEBHOOKS_PER_STEP = 12;

/** Options of {@link findSaturation}. */
export interface SaturationOptions {
  clients: number;
  /** The first measured rate (webhooks/s). */
  startRate: number;
  windowMs: number;
  drainMs: number;
  p99LimitMs: number;
  /** Upper bound on measured steps, retries included. */
  maxSteps: number;
  log(line: string): void;
}

/** One step as recorded. */
export interface RecordedStep extends MeasuredStep {
  phase: 'warmup' | 'coarse' | 'fine';
  pass: boolean;
  /** Why it failed. */
  reason?: string;
}

/** What a search found. */
export interface SaturationResult {
  /** Webhooks/s of the last good step (0 if none passed). */
  rate: number;
  /** Deliveries/s at that step (rate × deliveries per webhook, all delivered). */
  deliveriesPerSec: number;
  /** The last good step. */
  atSaturation: RecordedStep | undefined;
  /** The step that ended the search. */
  firstFailure: RecordedStep | undefined;
  /**
   * Deliveries per server CPU-second over the upper half of the measured rates where everything
   * was delivered: what one dedicated core would deliver near saturation, however much of CPU 0
   * other processes took meanwhile.
   */
  deliveriesPerCpuSecond: number;
  steps: RecordedStep[];
}

/** Whether a step meets the rule, and why not. */
export function judgeStep(step: MeasuredStep, p99LimitMs: number): { pass: boolean; reason?: string } {
  if (step.misdelivered > 0) return { pass: false, reason: `${step.misdelivered} deliveries reached clients of another tenant` };
  if (step.failedWebhooks > 0) return { pass: false, reason: `${step.failedWebhooks} webhooks failed ${JSON.stringify(step.failures)}` };
  if (step.delivered < step.expected) return { pass: false, reason: `delivered ${step.delivered} of ${step.expected}` };
  if (step.latency.p99 > p99LimitMs) return { pass: false, reason: `p99 ${step.latency.p99.toFixed(1)} ms > ${p99LimitMs} ms` };
  return { pass: true };
}

/** Runs the search on a session whose clients are connected. */
export async function findSaturation(session: ContenderSession, options: SaturationOptions): Promise<SaturationResult> {
  const steps: RecordedStep[] = [];
  let measured = 0;

  async function run(rate: number, phase: RecordedStep['phase']): Promise<RecordedStep> {
    await session.fill(options.clients);
    // At low rates the window stretches so the p99 still spans a dozen webhooks (each one is a
    // broadcast to every client, so deliveries of one webhook are not independent samples).
    const windowMs = Math.max(options.windowMs, (MIN_WEBHOOKS_PER_STEP * 1000) / rate);
    const step = await session.step(rate, windowMs, options.drainMs);
    const verdict = judgeStep(step, options.p99LimitMs);
    const recorded: RecordedStep = { ...step, phase, pass: phase === 'warmup' || verdict.pass, ...(verdict.reason ? { reason: verdict.reason } : {}) };
    steps.push(recorded);
    if (phase !== 'warmup') measured += 1;
    options.log(
      `    ${session.contender} ${phase} R=${rate.toFixed(1)}/s: ${step.delivered}/${step.expected} p50 ${step.latency.p50.toFixed(2)} p99 ${step.latency.p99.toFixed(2)} ms, server CPU ${(step.serverCpu * 100).toFixed(0)}%, loadgen CPU ${(step.loadgenCpu * 100).toFixed(0)}%${verdict.pass ? '' : ` FAIL (${verdict.reason})`}`,
    );
    if (!recorded.pass) await session.settle(300, 1_500);
    return recorded;
  }

  // Passes, or fails twice in a row.
  async function attempt(rate: number, phase: 'coarse' | 'fine'): Promise<RecordedStep> {
    const first = await run(rate, phase);
    if (first.pass || measured >= options.maxSteps) return first;
    return run(rate, phase);
  }

  await run(options.startRate / 2, 'warmup');
  let good: RecordedStep | undefined;
  let failure: RecordedStep | undefined;
  let rate = options.startRate;
  while (measured < options.maxSteps) {
    const step = await attempt(rate, 'coarse');
    if (!step.pass && !good && rate > options.startRate / 3) {
      // Even the first rate was too much for this contender (or this moment): start lower.
      rate /= 2;
      continue;
    }
    if (!step.pass) {
      failure = step;
      break;
    }
    good = step;
    rate *= 1.5;
  }
  if (good && failure) {
    const ceiling = failure.rate;
    for (rate = good.rate * 1.15; rate < ceiling * 0.999 && measured < options.maxSteps; rate *= 1.15) {
      const step = await attempt(rate, 'fine');
      if (!step.pass) {
        failure = step;
        break;
      }
      good = step;
    }
  }
  // Near saturation only (the upper half of the rates where everything was delivered): per-delivery
  // cost falls with load where writes coalesce, and the fixed per-webhook cost weighs less.
  const delivered = steps.filter((step) => step.phase !== 'warmup' && step.delivered === step.expected && step.delivered > 0);
  const topRate = Math.max(0, ...delivered.map((step) => step.rate));
  const complete = delivered.filter((step) => step.rate >= topRate / 2);
  const cpuSeconds = complete.reduce((sum, step) => sum + (step.serverCpuUsPerDelivery * step.delivered) / 1e6, 0);
  return {
    rate: good?.rate ?? 0,
    deliveriesPerSec: good && good.webhooks > 0 ? (good.rate * good.expected) / good.webhooks : 0,
    atSaturation: good,
    firstFailure: failure,
    deliveriesPerCpuSecond: cpuSeconds > 0 ? complete.reduce((sum, step) => sum + step.delivered, 0) / cpuSeconds : 0,
    steps,
  };
}
