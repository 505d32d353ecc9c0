import { callSearchText } from '../calls/call-search.js';
import type { SqlDialect } from '../sql/sql-executor.js';

/**
 * SQLite specifics: search through the FTS5 trigram table `call_search` (a phrase query is an
 * indexed, case-insensitive substring match); needles under three characters, which a trigram
 * index cannot look up, match ids and numbers only, by scanning.
 */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  lockRow: '',
  search(search) {
    if (search.inTranscript) {
      return { sql: 'rid IN (SELECT rowid FROM call_search WHERE call_search MATCH ?)', params: [`"${search.needle.replaceAll('"', '""')}"`] };
    }
    return { sql: "instr(lower(id || char(10) || provider_call_id || char(10) || from_number || char(10) || to_number), ?) > 0", params: [search.needle] };
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
