import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { assertMatchesMemory } from '../contract/random-history.js';
import { createSqliteStore } from './create-sqlite-store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'callboard-diff-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqlite store against the memory store', () => {
  it('gives the same pages, totals, stats, analytics and active calls for any history of events', async () => {
    await assertMatchesMemory(async (generateCallId) => {
      const store = createSqliteStore({ path: path.join(dir, `diff-${++n}.db`), generateCallId, synchronous: 'NORMAL' });
      await store.init();
      return store;
    }, 40);
  });
});
