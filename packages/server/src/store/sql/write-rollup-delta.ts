import { emptyDetailCell, isZeroDetailCell, isZeroSum, mergeDetailCell, type DetailCell } from '../analytics/analytics-cells.js';
import type { CountRow, DetailRow, DetailGrain, RollupDelta, SeriesRow } from '../rollup/rollup-delta.js';
import { eachChunk, runChunked, type SqlExecutor } from './sql-executor.js';

const COUNT_KEY = 'grain, bucket, status, direction, provider, language';
const COUNT_COLUMNS = `${COUNT_KEY}, calls, answered, duration_sum, duration_count`;
const COUNT_SUMS = `calls = call_counts.calls + excluded.calls, answered = call_counts.answered + excluded.answered,
  duration_sum = call_counts.duration_sum + excluded.duration_sum, duration_count = call_counts.duration_count + excluded.duration_count`;
const SERIES_KEY = 'direction, provider, bucket';
const SERIES_COLUMNS = `${SERIES_KEY}, calls, answered, failed, duration_sum, duration_count`;
const SERIES_SUMS = `calls = call_series.calls + excluded.calls, answered = call_series.answered + excluded.answered, failed = call_series.failed + excluded.failed,
  duration_sum = call_series.duration_sum + excluded.duration_sum, duration_count = call_series.duration_count + excluded.duration_count`;

const countValues = (row: CountRow) => [row.grain, row.bucket, row.status, row.direction, row.provider, row.language, row.calls, row.answered, row.durationSum, row.durationCount];
const seriesValues = (row: SeriesRow) => [row.direction, row.provider, row.bucket, row.cell.calls, row.cell.answered, row.cell.failed, row.cell.durationSum, row.cell.durationCount];

/** The delta's rows that change something (a call that moved from one row to another leaves zeros behind). */
function changedRows(delta: RollupDelta): { counts: CountRow[]; series: SeriesRow[]; details: DetailRow[] } {
  return {
    counts: [...delta.counts.values()].filter((row) => row.calls !== 0 || row.answered !== 0 || row.durationCount !== 0 || !isZeroSum(row.durationSum)),
    series: [...delta.series.values()].filter(({ cell }) => cell.calls !== 0 || cell.answered !== 0 || cell.failed !== 0 || cell.durationCount !== 0 || !isZeroSum(cell.durationSum)),
    details: [...delta.details.values()].filter((row) => !isZeroDetailCell(row.cell)),
  };
}

/**
 * Applies a rollup delta to the rollups inside a transaction. Count and series rows are added to in
 * place (`ON CONFLICT ... DO UPDATE SET n = n + excluded.n`); detail rows, whose body is JSON,
 * are read, merged and written back (the transaction serializes writers, see the stores).
 */
export async function writeRollupDelta(exec: SqlExecutor, delta: RollupDelta): Promise<void> {
  const { counts, series, details } = changedRows(delta);
  await runChunked(exec, counts, (values) => `INSERT INTO call_counts (${COUNT_COLUMNS}) VALUES ${values} ON CONFLICT (${COUNT_KEY}) DO UPDATE SET ${COUNT_SUMS}`, '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', countValues);
  await runChunked(exec, series, (values) => `INSERT INTO call_series (${SERIES_COLUMNS}) VALUES ${values} ON CONFLICT (${SERIES_KEY}) DO UPDATE SET ${SERIES_SUMS}`, '(?, ?, ?, ?, ?, ?, ?, ?)', seriesValues);
  await writeDetails(exec, details);
}

/**
 * Records a rollup delta as pending rows (`call_counts_pending`, `call_series_pending`,
 * `call_details_pending`) inside the append transaction, for stores whose dialect sets
 * `pendingRollups`. The rows go to the end of their tables and carry only this delta, so an append
 * neither reads nor rewrites the rollup rows every other append also changes (a detail row's
 * JSON holds a duration histogram of a few hundred bins); readers add the pending rows to the
 * rollups in the same statement, and {@link foldPendingRollups} folds them in now and then.
 */
export async function writePendingRollupDelta(exec: SqlExecutor, delta: RollupDelta): Promise<void> {
  const { counts, series, details } = changedRows(delta);
  await runChunked(exec, counts, (values) => `INSERT INTO call_counts_pending (${COUNT_COLUMNS}) VALUES ${values}`, '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', countValues);
  await runChunked(exec, series, (values) => `INSERT INTO call_series_pending (${SERIES_COLUMNS}) VALUES ${values}`, '(?, ?, ?, ?, ?, ?, ?, ?)', seriesValues);
  await runChunked(exec, details, (values) => `INSERT INTO call_details_pending (grain, direction, provider, bucket, body) VALUES ${values}`, '(?, ?, ?, ?, ?)', (row) => [
    row.grain,
    row.direction,
    row.provider,
    row.bucket,
    JSON.stringify(row.cell),
  ]);
}

/**
 * Folds every pending rollup row into the rollups and deletes it, in one transaction that holds
 * the write lock (SQLite `BEGIN IMMEDIATE`), so no append adds pending rows meanwhile; readers
 * see the rows either pending or folded, never both. Resolves to the number of pending rows folded.
 */
export async function foldPendingRollups(exec: SqlExecutor): Promise<number> {
  // Groups that add up to nothing are skipped, as `writeRollupDelta` skips zero rows.
  // `WHERE true` keeps SQLite from reading the ON CONFLICT of an INSERT ... SELECT as a join clause.
  const counts = await exec.run(
    `INSERT INTO call_counts (${COUNT_COLUMNS})
     SELECT ${COUNT_KEY}, SUM(calls), SUM(answered), SUM(duration_sum), SUM(duration_count) FROM call_counts_pending WHERE true GROUP BY ${COUNT_KEY}
     HAVING SUM(calls) <> 0 OR SUM(answered) <> 0 OR SUM(duration_count) <> 0 OR abs(SUM(duration_sum)) >= 1e-6
     ON CONFLICT (${COUNT_KEY}) DO UPDATE SET ${COUNT_SUMS}`,
  );
  const series = await exec.run(
    `INSERT INTO call_series (${SERIES_COLUMNS})
     SELECT ${SERIES_KEY}, SUM(calls), SUM(answered), SUM(failed), SUM(duration_sum), SUM(duration_count) FROM call_series_pending WHERE true GROUP BY ${SERIES_KEY}
     HAVING SUM(calls) <> 0 OR SUM(answered) <> 0 OR SUM(failed) <> 0 OR SUM(duration_count) <> 0 OR abs(SUM(duration_sum)) >= 1e-6
     ON CONFLICT (${SERIES_KEY}) DO UPDATE SET ${SERIES_SUMS}`,
  );
  const merged = new Map<string, DetailRow>();
  for (const row of await exec.all('SELECT grain, direction, provider, bucket, body FROM call_details_pending')) {
    const key = detailKey(row);
    let detail = merged.get(key);
    if (!detail) {
      detail = { grain: row.grain as DetailGrain, direction: String(row.direction), provider: String(row.provider), bucket: Number(row.bucket), cell: emptyDetailCell() };
      merged.set(key, detail);
    }
    mergeDetailCell(detail.cell, JSON.parse(String(row.body)) as DetailCell);
  }
  await writeDetails(exec, [...merged.values()].filter((row) => !isZeroDetailCell(row.cell)));
  await exec.run('DELETE FROM call_counts_pending');
  await exec.run('DELETE FROM call_series_pending');
  await exec.run('DELETE FROM call_details_pending');
  return counts + series + merged.size;
}

const detailKey = (row: Record<string, unknown> | DetailRow) => `${String(row.grain)}|${String(row.direction)}|${String(row.provider)}|${Number(row.bucket)}`;

async function writeDetails(exec: SqlExecutor, rows: DetailRow[]): Promise<void> {
  await eachChunk(rows, 100, async (chunk) => {
    const stored = new Map<string, DetailCell>();
    const existing = await exec.all(
      `SELECT grain, direction, provider, bucket, body FROM call_details WHERE ${chunk.map(() => '(grain = ? AND direction = ? AND provider = ? AND bucket = ?)').join(' OR ')}`,
      chunk.flatMap((row) => [row.grain, row.direction, row.provider, row.bucket]),
    );
    for (const row of existing) stored.set(detailKey(row), JSON.parse(String(row.body)) as DetailCell);
    const upserts: Array<[DetailRow, string]> = [];
    for (const row of chunk) {
      const cell = stored.get(detailKey(row)) ?? emptyDetailCell();
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
  });
}
