import { emptyDetailCell, isZeroDetailCell, isZeroSum, mergeDetailCell, type DetailCell } from '../analytics/analytics-cells.js';
import type { DetailRow, RollupDelta } from '../rollup/rollup-delta.js';
import { runChunked, type SqlExecutor } from './sql-executor.js';

/**
 * Applies a rollup delta inside the append transaction. Count and series rows are added to in
 * place (`ON CONFLICT ... DO UPDATE SET n = n + excluded.n`); detail rows, whose body is JSON,
 * are read, merged and written back (the append transaction serializes writers, see the stores).
 */
export async function writeRollupDelta(exec: SqlExecutor, delta: RollupDelta): Promise<void> {
  const counts = [...delta.counts.values()].filter((row) => row.calls !== 0 || row.answered !== 0 || row.durationCount !== 0 || !isZeroSum(row.durationSum));
  await runChunked(
    exec,
    counts,
    (values) =>
      `INSERT INTO call_counts (grain, bucket, status, direction, provider, language, calls, answered, duration_sum, duration_count) VALUES ${values}
       ON CONFLICT (grain, bucket, status, direction, provider, language) DO UPDATE SET
         calls = call_counts.calls + excluded.calls, answered = call_counts.answered + excluded.answered,
         duration_sum = call_counts.duration_sum + excluded.duration_sum, duration_count = call_counts.duration_count + excluded.duration_count`,
    '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    (row) => [row.grain, row.bucket, row.status, row.direction, row.provider, row.language, row.calls, row.answered, row.durationSum, row.durationCount],
  );
  const series = [...delta.series.values()].filter(({ cell }) => cell.calls !== 0 || cell.answered !== 0 || cell.failed !== 0 || cell.durationCount !== 0 || !isZeroSum(cell.durationSum));
  await runChunked(
    exec,
    series,
    (values) =>
      `INSERT INTO call_series (bucket, direction, provider, calls, answered, failed, duration_sum, duration_count) VALUES ${values}
       ON CONFLICT (direction, provider, bucket) DO UPDATE SET
         calls = call_series.calls + excluded.calls, answered = call_series.answered + excluded.answered, failed = call_series.failed + excluded.failed,
         duration_sum = call_series.duration_sum + excluded.duration_sum, duration_count = call_series.duration_count + excluded.duration_count`,
    '(?, ?, ?, ?, ?, ?, ?, ?)',
    (row) => [row.bucket, row.direction, row.provider, row.cell.calls, row.cell.answered, row.cell.failed, row.cell.durationSum, row.cell.durationCount],
  );
  await writeDetails(exec, [...delta.details.values()].filter((row) => !isZeroDetailCell(row.cell)));
}

async function writeDetails(exec: SqlExecutor, rows: DetailRow[]): Promise<void> {
  const key = (row: Record<string, unknown> | DetailRow) => `${String(row.grain)}|${String(row.direction)}|${String(row.provider)}|${Number(row.bucket)}`;
  for (let start = 0; start < rows.length; start += 100) {
    const chunk = rows.slice(start, start + 100);
    const stored = new Map<string, DetailCell>();
    const existing = await exec.all(
      `SELECT grain, direction, provider, bucket, body FROM call_details WHERE ${chunk.map(() => '(grain = ? AND direction = ? AND provider = ? AND bucket = ?)').join(' OR ')}`,
      chunk.flatMap((row) => [row.grain, row.direction, row.provider, row.bucket]),
    );
    for (const row of existing) stored.set(key(row), JSON.parse(String(row.body)) as DetailCell);
    const upserts: Array<[DetailRow, string]> = [];
    for (const row of chunk) {
      const cell = stored.get(key(row)) ?? emptyDetailCell();
      mergeDetailCell(cell, row.cell);
      if (isZeroDetailCell(cell)) {
        await exec.run('DELETE FROM call_details WHERE grain = ? AND direction = ? AND provider = ? AND bucket = ?', [row.grain, row.direction, row.provider, row.bucket]);
      } else {
        upserts.push([row, JSON.stringify(cell)]);
      }
    }
    await runChunked(
      exec,
      upserts,
      (values) => `INSERT INTO call_details (grain, direction, provider, bucket, body) VALUES ${values} ON CONFLICT (grain, direction, provider, bucket) DO UPDATE SET body = excluded.body`,
      '(?, ?, ?, ?, ?)',
      ([row, body]) => [row.grain, row.direction, row.provider, row.bucket, body],
    );
  }
}
