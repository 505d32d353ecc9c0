import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { describeStoreContract } from '../store-contract.js';
import { createSqliteStore } from './create-sqlite-store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'callboard-sqlite-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStoreContract('sqlite store', ({ generateCallId }) => createSqliteStore({ path: path.join(dir, `store-${++n}.db`), generateCallId }));
