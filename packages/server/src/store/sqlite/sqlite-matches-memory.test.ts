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
      // Folds after every one to four commits, so the answers come from folded and pending rollup rows together.
      const store = createSqliteStore({ path: path.join(dir, `diff-${++n}.db`), generateCallId, synchronous: 'NORMAL', rollupFold: { batches: 1 + (n % 4), ms: 1 } });
      await store.init();
      return store;
    }, 40);
  });
});
