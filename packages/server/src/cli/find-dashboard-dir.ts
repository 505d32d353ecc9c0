import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built example dashboard (`examples/dashboard/dist`) of the repository this CLI runs from,
 * when it exists: the directory with `pnpm-workspace.yaml` above this file, else above the
 * working directory. Undefined when there is no build.
 */
export function findDashboardDir(start: string = moduleDir()): string | undefined {
  for (const from of [start, process.cwd()]) {
    let dir = path.resolve(from);
    for (;;) {
      if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
        const dist = path.join(dir, 'examples', 'dashboard', 'dist');
        return existsSync(path.join(dist, 'index.html')) ? dist : undefined;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

function moduleDir(): string {
  // In the CommonJS build `import.meta.url` is empty; the working directory is the fallback.
  const url = typeof import.meta === 'object' ? import.meta.url : undefined;
  return url ? path.dirname(fileURLToPath(url)) : process.cwd();
}
