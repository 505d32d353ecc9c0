import { callSearchText } from '../calls/call-search.js';
import { idPrefixCondition, type SqlDialect } from '../sql/sql-executor.js';

/**
 * Postgres specifics: calls are read `FOR UPDATE` inside an append; search matches ids by prefix
 * through their indexes, and numbers and transcripts through the lower-cased `search_text` column
 * of the call row with a pg_trgm GIN index, which answers `LIKE '%needle%'` for needles of three
 * characters or more. Shorter needles match numbers only, by scanning.
 */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  lockRow: ' FOR UPDATE',
  search(search) {
    const ids = idPrefixCondition(search);
    if (search.inTranscript) {
      return { sql: `(${ids.sql} OR search_text LIKE ?)`, params: [...ids.params, `%${search.needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`] };
    }
    return { sql: `(${ids.sql} OR strpos(lower(from_number || chr(10) || to_number), ?) > 0)`, params: [...ids.params, search.needle] };
  },
  metadata(entries) {
    // Containment compares JSON types, so only a string value matches the string asked for.
    return { sql: "(body::jsonb -> 'metadata') @> ?::jsonb", params: [JSON.stringify(Object.fromEntries(entries))] };
  },
  extraCallColumns: (call) => ({ search_text: callSearchText(call) }),
};
