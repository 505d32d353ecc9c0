/**
 * Side-by-side measurement helpers for `pnpm bench`. Every figure is a ratio against a baseline
 * measured in the same process, interleaved round by round, so machine speed cancels out.
 */

/** One line of the benchmark table. */
export interface BenchRow {
  /** The benchmark file's suite (`signatures`, `store`, `ingest`, `fanout`, ...). */
  suite: string;
  /** What is measured, with its unit (`verifications/s`, `ms per page`, ...). */
  metric: string;
  subject: string;
  baseline: string;
  subjectValue: number;
  baselineValue: number;
  /** subjectValue / baselineValue. */
  ratio: number;
  /** The goal, as text (`>= 1.0x`, `<= 1.5x`). */
  goal: string;
  /** Whether the ratio meets the goal. */
  pass: boolean;
  /** Anything worth knowing about the run (sample counts, sizes). */
  note?: string;
  /** A figure to read, with no goal: printed without a verdict. */
  diagnostic?: boolean;
}

/** A benchmark file's default export. */
export type BenchSuite = () => Promise<BenchRow[]>;

type Task = () => unknown;

/**
 * Runs `subject` and `baseline` alternately for `rounds` rounds of `roundMs` each and returns the
 * median operations per second of each. Async tasks are awaited one at a time.
 */
export async function compareThroughput(options: {
  subject: Task;
  baseline: Task;
  rounds?: number;
  roundMs?: number;
  warmupMs?: number;
}): Promise<{ subjectOpsPerSec: number; baselineOpsPerSec: number; ratio: number }> {
  const rounds = options.rounds ?? 7;
  const roundMs = options.roundMs ?? 400;
  await opsPerSecond(options.subject, options.warmupMs ?? 300);
  await opsPerSecond(options.baseline, options.warmupMs ?? 300);
  const { subject, baseline } = await alternateRounds(rounds, () => ({
    subject: () => opsPerSecond(options.subject, roundMs),
    baseline: () => opsPerSecond(options.baseline, roundMs),
  }));
  const subjectOpsPerSec = median(subject);
  const baselineOpsPerSec = median(baseline);
  return { subjectOpsPerSec, baselineOpsPerSec, ratio: subjectOpsPerSec / baselineOpsPerSec };
}

/**
 * Runs one measurement of the subject and one of the baseline per round, alternating which goes
 * first so neither always runs on a warmer or colder process; `round` prepares both of a round
 * (the same input for each). Returns every round's results, in order.
 */
export async function alternateRounds<T>(
  rounds: number,
  round: (index: number) => { subject: () => Promise<T>; baseline: () => Promise<T> },
): Promise<{ subject: T[]; baseline: T[] }> {
  const subject: T[] = [];
  const baseline: T[] = [];
  for (let index = 0; index < rounds; index++) {
    const run = round(index);
    if (index % 2 === 0) {
      subject.push(await run.subject());
      baseline.push(await run.baseline());
    } else {
      baseline.push(await run.baseline());
      subject.push(await run.subject());
    }
  }
  return { subject, baseline };
}

/** Runs a task repeatedly for about `durationMs` and returns operations per second. */
export async function opsPerSecond(task: Task, durationMs: number): Promise<number> {
  let ops = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 16; i++) {
      const result = task();
      if (result instanceof Promise) await result;
      ops++;
    }
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

/** Times `task` (ms per call) as the median of `samples` runs. */
export async function medianMs(task: Task, samples = 15): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    const result = task();
    if (result instanceof Promise) await result;
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Builds a row for a "higher is better" ratio goal. */
export function atLeast(row: Omit<BenchRow, 'ratio' | 'goal' | 'pass'>, goal: number): BenchRow {
  const ratio = row.subjectValue / row.baselineValue;
  return { ...row, ratio, goal: `>= ${goal}x`, pass: ratio >= goal };
}

/** Builds a row for a "lower is better" ratio goal. */
export function atMost(row: Omit<BenchRow, 'ratio' | 'goal' | 'pass'>, goal: number): BenchRow {
  const ratio = row.subjectValue / row.baselineValue;
  return { ...row, ratio, goal: `<= ${goal}x`, pass: ratio <= goal };
}

/** Builds a row with no goal (a diagnostic figure, printed without a verdict). */
export function diagnostic(row: Omit<BenchRow, 'ratio' | 'goal' | 'pass' | 'diagnostic'>): BenchRow {
  return { ...row, ratio: row.subjectValue / row.baselineValue, goal: 'none', pass: true, diagnostic: true };
}
