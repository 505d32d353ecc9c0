import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { statusEvent } from './contract/contract-events.js';
import { createStoreFromUrl } from './create-store-from-url.js';
import { connectTestDatabase } from './postgres/postgres-test-database.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'callboard-url-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createStoreFromUrl', () => {
  it.each([
    ['a path', path.join(dir, 'a.db')],
    ['a file URL', pathToFileURL(path.join(dir, 'b.db')).href],
  ])('opens SQLite for %s', async (_, location) => {
    const store = createStoreFromUrl(location);
    await store.init();
    await store.append([statusEvent('CA1', 'ringing', '2026-01-01T00:00:00Z')]);
    expect('path' in store && store.path).toBe(location.startsWith('file:') ? path.join(dir, 'b.db') : location);
    await store.close();
  });

  it('opens the memory store for memory:', async () => {
    const store = createStoreFromUrl('memory:');
    await store.init();
    expect('path' in store).toBe(false);
    expect(await store.lastSeq()).toBe(0);
    await store.close();
  });

  it('opens Postgres for a postgres:// URL, in the schema the URL names', async () => {
    const admin = await connectTestDatabase(1);
    const schema = `cb_url_${process.pid}`;
    try {
      const store = createStoreFromUrl(`postgres://postgres@127.0.0.1:5432/test?schema=${schema}`);
      await store.init();
      await store.append([statusEvent('CA1', 'ringing', '2026-01-01T00:00:00Z')]);
      await store.close();
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.calls`);
      expect(rows[0].n).toBe(1);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });
});
