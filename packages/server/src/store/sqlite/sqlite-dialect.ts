import { callSearchText } from '../calls/call-search.js';
import { idPrefixCondition, runChunked, type SqlDialect } from '../sql/sql-executor.js';

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
 * SQLite specifics: search matches ids by prefix through their indexes, and numbers and
 * transcripts through the FTS5 trigram table `call_search` (a phrase query is an indexed,
 * case-insensitive substring match); needles under three characters, which a trigram index
 * cannot look up, match numbers only, by scanning.
 */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  lockRow: '',
  pendingRollups: true,
  search(search, matches) {
    const ids = idPrefixCondition(search);
    if (search.inTranscript) {
      // The unary + keeps SQLite from driving the query by rowid, so it walks the ORDER BY index.
      const rid = matches !== undefined && matches > BROAD_SEARCH_MATCHES ? '+rid' : 'rid';
      return { sql: `(${ids.sql} OR ${rid} IN (SELECT rowid FROM call_search WHERE call_search MATCH ?))`, params: [...ids.params, phrase(search.needle)] };
    }
    return { sql: `(${ids.sql} OR instr(lower(from_number || char(10) || to_number), ?) > 0)`, params: [...ids.params, search.needle] };
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
    // The calls the index matches, plus those only an id prefix matches (ranges over the id indexes).
    const ids = idPrefixCondition(search);
    const [row] = await exec.all(
      `SELECT (SELECT count(*) FROM call_search WHERE call_search MATCH ?)
            + (SELECT count(*) FROM calls WHERE ${ids.sql} AND rid NOT IN (SELECT rowid FROM call_search WHERE call_search MATCH ?)) AS n`,
      [phrase(search.needle), ...ids.params, phrase(search.needle)],
    );
    return Number(row?.n ?? 0);
  },
  extraCallColumns: () => ({}),
  async syncSearch(exec, changes, rids) {
    const inserts: Array<[rid: number, text: string]> = [];
    for (const [id, change] of changes) {
      const before = change.before && callSearchText(change.before);
      const after = change.after && callSearchText(change.after);
      if (before !== undefined && before === after) continue;
      let rid = rids?.get(id);
      if (rid === undefined) {
        const [row] = await exec.all('SELECT rid FROM calls WHERE id = ?', [id]);
        if (!row) continue;
        rid = Number(row.rid);
      }
      if (before !== undefined) await exec.run('DELETE FROM call_search WHERE rowid = ?', [rid]);
      if (after !== undefined) inserts.push([rid, after]);
    }
    await runChunked(exec, inserts, (values) => `INSERT INTO call_search (rowid, text) VALUES ${values}`, '(?, ?)', (row) => row);
  },
};
