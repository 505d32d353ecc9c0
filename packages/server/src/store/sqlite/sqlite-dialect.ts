import { callSearchText } from '../calls/call-search.js';
import type { SqlDialect } from '../sql/sql-executor.js';

/**
 * Above this many matches, a search page walks the time index newest-first and keeps the rows
 * whose rowid is in the (once materialized) match set, stopping after one page; below it, the
 * matches are looked up by rowid and sorted. Each lookup-and-sort costs about as much as 40 steps
 * of the walk, and the walk needs about `page * calls / matches` steps, so the two meet near
 * `sqrt(calls)` matches: 1000 at a million calls.
 */
const BROAD_SEARCH_MATCHES = 1000;

const phrase = (needle: string) => `"${needle.replaceAll('"', '""')}"`;

/**
 * SQLite specifics: search through the FTS5 trigram table `call_search` (a phrase query is an
 * indexed, case-insensitive substring match); needles under three characters, which a trigram
 * index cannot look up, match ids and numbers only, by scanning.
 */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  lockRow: '',
  search(search, matches) {
    if (search.inTranscript) {
      // The unary + keeps SQLite from driving the query by rowid, so it walks the ORDER BY index.
      const rid = matches !== undefined && matches > BROAD_SEARCH_MATCHES ? '+rid' : 'rid';
      return { sql: `${rid} IN (SELECT rowid FROM call_search WHERE call_search MATCH ?)`, params: [phrase(search.needle)] };
    }
    return { sql: "instr(lower(id || char(10) || provider_call_id || char(10) || from_number || char(10) || to_number), ?) > 0", params: [search.needle] };
  },
  metadata(entries) {
    // json_extract gives a JSON string as TEXT and a number as INTEGER or REAL, and a bound
    // parameter has no affinity, so only a string value equals the string asked for.
    return {
      sql: entries.map(() => 'json_extract(body, ?) = ?').join(' AND '),
      params: entries.flatMap(([key, value]) => [`$.metadata."${key}"`, value]),
    };
  },
  async countSearchMatches(exec, search) {
    if (!search.inTranscript) return undefined;
    const [row] = await exec.all('SELECT count(*) AS n FROM call_search WHERE call_search MATCH ?', [phrase(search.needle)]);
    return Number(row?.n ?? 0);
  },
  extraCallColumns: () => ({}),
  async syncSearch(exec, changes) {
    for (const [id, change] of changes) {
      const before = change.before && callSearchText(change.before);
      const after = change.after && callSearchText(change.after);
      if (before !== undefined && before === after) continue;
      const [row] = await exec.all('SELECT rid FROM calls WHERE id = ?', [id]);
      if (!row) continue;
      if (before !== undefined) await exec.run('DELETE FROM call_search WHERE rowid = ?', [row.rid]);
      if (after !== undefined) await exec.run('INSERT INTO call_search (rowid, text) VALUES (?, ?)', [row.rid, after]);
    }
  },
};
