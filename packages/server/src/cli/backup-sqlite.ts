import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { CallboardError } from '@callboard/core';
import Database from 'better-sqlite3';
import { resolveDbSetting } from '../config/parse-config.js';

/** What `callboard backup` wrote. */
export interface BackupResult {
  source: string;
  destination: string;
  calls: number;
  events: number;
  bytes: number;
}

/**
 * `callboard backup <file> [--db <path>]`: the arguments after `backup`, with `CALLBOARD_DB` and
 * the default database as fallbacks, resolved against `cwd`.
 */
export function parseBackupArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): { source: string; destination: string } {
  let db: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--db') db = argv[++i];
    else if (arg.startsWith('--db=')) db = arg.slice('--db='.length);
    else if (arg.startsWith('-')) throw usage(`${arg}: unknown option`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw usage(positional.length === 0 ? 'the backup file is missing' : `one backup file, not ${positional.length}`);
  const source = resolveDbSetting(db ?? env.CALLBOARD_DB, cwd);
  if (source === 'memory') throw usage('the memory store keeps nothing to back up');
  if (/^postgres(ql)?:\/\//i.test(source)) throw usage('the database is Postgres: back it up with pg_dump');
  return { source, destination: path.resolve(cwd, positional[0]!) };
}

/**
 * Copies a SQLite store to a new file while the server may be writing to it: `VACUUM INTO` reads
 * one snapshot (WAL mode: writers go on) and writes it compacted, as one consistent database
 * with no log beside it. Refuses to overwrite an existing file.
 *
 * @example
 * const result = backupSqlite('./.callboard/callboard.db', '/backups/callboard-2026-11-21.db');
 */
export function backupSqlite(source: string, destination: string): BackupResult {
  if (!existsSync(source)) throw new CallboardError({ code: 'NOT_FOUND', message: `There is no database at ${source}` });
  if (existsSync(destination)) throw new CallboardError({ code: 'CONFLICT', message: `${destination} exists: back up to a new file` });
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    mkdirSync(path.dirname(destination), { recursive: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('calls', 'events')").all() as Array<{ name: string }>).length;
    if (tables !== 2) throw new CallboardError({ code: 'INVALID_ARGUMENT', message: `${source} is not a Callboard database` });
    db.prepare('VACUUM INTO ?').run(destination);
  } catch (error) {
    // The file did not exist before: whatever a failed copy left of it goes.
    try {
      rmSync(destination, { force: true });
    } catch {
      // Nothing was written there (its directory could not be made).
    }
    if (CallboardError.isInstance(error)) throw error;
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: `Cannot back up ${source}: ${error instanceof Error ? error.message : String(error)}`, cause: error });
  } finally {
    db.close();
  }
  // Counted in the copy, so they describe exactly what it holds.
  const copy = new Database(destination, { readonly: true, fileMustExist: true });
  try {
    const count = (table: string) => Number((copy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
    return { source, destination, calls: count('calls'), events: count('events'), bytes: statSync(destination).size };
  } finally {
    copy.close();
  }
}

function usage(problem: string): CallboardError {
  return new CallboardError({ code: 'INVALID_ARGUMENT', message: `backup: ${problem} (usage: callboard backup <file> [--db <path>])` });
}
