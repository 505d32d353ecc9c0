import type { Call } from '@callboard/core';
import type pg from 'pg';
import { callSearchText } from '../calls/call-search.js';

/** A numbered migration; `sql` gets the quoted schema and, when pg_trgm is available, its quoted schema. */
interface PostgresMigration {
  version: number;
  sql: (schema: string, trigram: string | undefined) => string;
  /** A step in code after the SQL, for data SQL cannot compute as the code does. */
  run?: (client: pg.ClientBase, schema: string) => Promise<void>;
}

/** The Postgres schema, as numbered migrations (all tables live in the store's own schema). */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    sql: (s, trigram) => `
      CREATE TABLE ${s}.store_meta (name text PRIMARY KEY, value bigint NOT NULL);
      INSERT INTO ${s}.store_meta (name, value) VALUES ('last_seq', 0), ('retained_from', 1);

      CREATE TABLE ${s}.calls (
        id text COLLATE "C" PRIMARY KEY,
        provider text NOT NULL,
        provider_call_id text NOT NULL,
        direction text NOT NULL,
        status text NOT NULL,
        language text NOT NULL,
        hangup_cause text NOT NULL,
        from_number text NOT NULL,
        to_number text NOT NULL,
        start_ms bigint NOT NULL,
        duration_key double precision NOT NULL,
        answered_duration double precision,
        active smallint NOT NULL,
        answered smallint NOT NULL,
        finished smallint NOT NULL,
        version bigint NOT NULL,
        body text NOT NULL,
        search_text text NOT NULL
      );
      CREATE UNIQUE INDEX calls_provider_call ON ${s}.calls (provider_call_id, provider);
      CREATE INDEX calls_start ON ${s}.calls (start_ms, id);
      CREATE INDEX calls_status_start ON ${s}.calls (status, start_ms, id);
      CREATE INDEX calls_duration ON ${s}.calls (duration_key, id);
      CREATE INDEX calls_active ON ${s}.calls (start_ms, id) WHERE active = 1;
      ${trigram ? `CREATE INDEX calls_search ON ${s}.calls USING gin (search_text ${trigram}.gin_trgm_ops);` : ''}

      CREATE TABLE ${s}.events (seq bigint PRIMARY KEY, call_id text COLLATE "C" NOT NULL, received_ms bigint NOT NULL, body text NOT NULL);
      CREATE INDEX events_call ON ${s}.events (call_id, seq);

      CREATE TABLE ${s}.event_keys (
        provider text NOT NULL, event_key text NOT NULL, call_id text NOT NULL, received_ms bigint NOT NULL,
        PRIMARY KEY (provider, event_key)
      );
      CREATE INDEX event_keys_received ON ${s}.event_keys (received_ms);

      CREATE TABLE ${s}.call_counts (
        grain text NOT NULL, bucket bigint NOT NULL, status text NOT NULL, direction text NOT NULL, provider text NOT NULL, language text NOT NULL,
        calls bigint NOT NULL, answered bigint NOT NULL, duration_sum double precision NOT NULL, duration_count bigint NOT NULL,
        PRIMARY KEY (grain, bucket, status, direction, provider, language)
      );
      CREATE TABLE ${s}.call_series (
        direction text NOT NULL, provider text NOT NULL, bucket bigint NOT NULL,
        calls bigint NOT NULL, answered bigint NOT NULL, failed bigint NOT NULL, duration_sum double precision NOT NULL, duration_count bigint NOT NULL,
        PRIMARY KEY (direction, provider, bucket)
      );
      CREATE TABLE ${s}.call_details (
        grain text NOT NULL, direction text NOT NULL, provider text NOT NULL, bucket bigint NOT NULL, body text NOT NULL,
        PRIMARY KEY (grain, direction, provider, bucket)
      );
    `,
  },
  {
    // Dedupe keys by call (see the SQLite store's migration 2), and deleted calls' tombstones.
    version: 2,
    sql: (s) => `
      CREATE TABLE ${s}.event_keys_by_call (
        call_id text COLLATE "C" NOT NULL, provider text NOT NULL, event_key text NOT NULL, received_ms bigint NOT NULL,
        CONSTRAINT event_keys_by_call_pkey PRIMARY KEY (call_id, provider, event_key)
      );
      INSERT INTO ${s}.event_keys_by_call (call_id, provider, event_key, received_ms)
        SELECT call_id, provider, event_key, received_ms FROM ${s}.event_keys;
      DROP TABLE ${s}.event_keys;
      ALTER TABLE ${s}.event_keys_by_call RENAME TO event_keys;
      ALTER TABLE ${s}.event_keys RENAME CONSTRAINT event_keys_by_call_pkey TO event_keys_pkey;
      CREATE INDEX event_keys_received ON ${s}.event_keys (received_ms);

      CREATE TABLE ${s}.deleted_calls (
        provider text NOT NULL, provider_call_id text NOT NULL, call_id text COLLATE "C" NOT NULL, deleted_ms bigint NOT NULL,
        PRIMARY KEY (provider, provider_call_id, call_id)
      );
      INSERT INTO ${s}.deleted_calls (provider, provider_call_id, call_id, deleted_ms)
        SELECT body::jsonb ->> 'provider', body::jsonb ->> 'providerCallId', call_id, received_ms
        FROM ${s}.events
        WHERE body::jsonb ->> 'type' = 'call.deleted' AND body::jsonb ->> 'provider' IS NOT NULL AND body::jsonb ->> 'providerCallId' IS NOT NULL
        ON CONFLICT DO NOTHING;
    `,
  },
  {
    // The search text keeps numbers and transcripts only; ids are matched by prefix instead, as
    // ranges over their indexes, which needs provider call ids to compare by code point too.
    version: 3,
    sql: (s) => `ALTER TABLE ${s}.calls ALTER COLUMN provider_call_id TYPE text COLLATE "C";`,
    run: async (client, s) => {
      let after = '';
      for (;;) {
        const { rows } = await client.query<{ id: string; body: string }>(`SELECT id, body FROM ${s}.calls WHERE id > $1 ORDER BY id LIMIT 1000`, [after]);
        if (rows.length === 0) return;
        await client.query(`UPDATE ${s}.calls AS c SET search_text = v.text FROM unnest($1::text[], $2::text[]) AS v(id, text) WHERE c.id = v.id`, [
          rows.map((row) => row.id),
          rows.map((row) => callSearchText(JSON.parse(row.body) as Call)),
        ]);
        after = rows[rows.length - 1]!.id;
      }
    },
  },
];

// Every Callboard migration in a database takes this advisory lock, so two nodes starting at once
// (or two schemas installing pg_trgm at once) take turns.
const MIGRATION_LOCK = 0x43_42_4d_47;

/**
 * Creates the schema and applies missing migrations, each in its own transaction, under an
 * advisory lock. Uses pg_trgm for transcript search when it is installed or can be installed;
 * without it search still works, by scanning.
 */
export async function migratePostgres(client: pg.ClientBase, schema: string): Promise<void> {
  const s = quoteIdentifier(schema);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const trigram = await ensureTrigram(client);
    const applied = new Set((await client.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`)).rows.map((row) => row.version));
    for (const migration of POSTGRES_MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql(s, trigram && quoteIdentifier(trigram)));
      await migration.run?.(client, s);
      await client.query(`INSERT INTO ${s}.schema_migrations (version) VALUES ($1)`, [migration.version]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** The schema pg_trgm lives in, installing it into `public` if it is available but not installed. */
async function ensureTrigram(client: pg.ClientBase): Promise<string | undefined> {
  const find = async () =>
    (await client.query<{ schema: string }>("SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'")).rows[0]?.schema;
  const installed = await find();
  if (installed) return installed;
  await client.query('SAVEPOINT trigram');
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
    await client.query('RELEASE SAVEPOINT trigram');
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT trigram');
  }
  return find();
}

/** Quotes an identifier for SQL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
