import { callSearchText } from '../calls/call-search.js';
import type { SqlDialect } from '../sql/sql-executor.js';

/**
 * Postgres specifics: calls are read `FOR UPDATE` inside an append, and search uses the
 * lower-cased `search_text` column of the call row with a pg_trgm GIN index, which answers
 * `LIKE '%needle%'` for needles of three characters or more. Shorter needles match ids and
 * numbers only, by scanning.
 */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  lockRow: ' FOR UPDATE',
  search(search) {
    if (search.inTranscript) {
      return { sql: 'search_text LIKE ?', params: [`%${search.needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`] };
    }
    return { sql: "strpos(lower(id || chr(10) || provider_call_id || chr(10) || from_number || chr(10) || to_number), ?) > 0", params: [search.needle] };
  },
  metadata(entries) {
    // Containment compares JSON types, so only a string value matches the string asked for.
    return { sql: "(body::jsonb -> 'metadata') @> ?::jsonb", params: [JSON.stringify(Object.fromEntries(entries))] };
  },
  extraCallColumns: (call) => ({ search_text: callSearchText(call) }),
};
