import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnCallboard, type CallboardProcess } from '../../../../packages/server/src/cli/__tests__/spawn-callboard.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root. */
export const REPO_ROOT = path.resolve(here, '../../../..');

/** Where the e2e run writes a screenshot of each page. */
export const SCREENSHOTS_DIR = path.join(REPO_ROOT, 'e2e-screenshots');

// Started from source through tsx: slow to start on a busy 2-core machine.
const START_TIMEOUT_MS = 120_000;

/**
 * The built app of an example (`examples/<name>/dist`). `pnpm test` builds everything first; a
 * lone run of an e2e file builds the app itself.
 */
export function builtExample(name: string): string {
  const appDir = path.join(REPO_ROOT, 'examples', name);
  const distDir = path.join(appDir, 'dist');
  if (!existsSync(path.join(distDir, 'index.html'))) {
    execFileSync(process.execPath, [path.join(appDir, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: appDir, stdio: 'inherit' });
  }
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  return distDir;
}

/** A `callboard start` child on a fresh SQLite file, serving `staticDir`. */
export interface E2eServer {
  process: CallboardProcess;
  /** The directory holding its database (`calls.db`). */
  dataDir: string;
  /** Starts another `callboard start` on the same database (optionally on a given port). */
  startNode(port?: string): Promise<CallboardProcess>;
  /** Kills every node it started and removes the data directory. */
  dispose(): void;
}

/** Starts `callboard start --port 0` on a fresh database with `env` (no simulated traffic unless asked). */
export async function startE2eServer(staticDir: string, env: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'callboard-e2e-'));
  const nodes: CallboardProcess[] = [];
  const startNode = async (port = '0') => {
    const node = await spawnCallboard(['start', '--port', port, '--db', path.join(dataDir, 'calls.db')], { CALLBOARD_STATIC_DIR: staticDir, CALLBOARD_SIMULATE: '0', ...env }, START_TIMEOUT_MS);
    nodes.push(node);
    return node;
  };
  const first = await startNode();
  return {
    process: first,
    dataDir,
    startNode,
    dispose() {
      for (const node of nodes) node.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
