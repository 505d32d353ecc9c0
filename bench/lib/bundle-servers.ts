/**
 * Builds each server under test into one ES module under `bench/.cache/<name>/`, from the current
 * source, the way a release is built (tsup/esbuild, no `keepNames`), and runs it with plain
 * `node`. Running the TypeScript source through tsx instead would measure tsx: its `keepNames`
 * transform gives every closure an own `name` property, defined when the closure is made, which
 * turns the function into a dictionary-mode object each time (several times per request on
 * Callboard's paths) and on its per-connection closures alone added about 8 KiB of heap per
 * connection.
 *
 * Workspace code (`@callboard/*`, resolved to source) is bundled; third-party packages stay
 * external and resolve through a `node_modules` link to the server package's own dependencies, so
 * every contender runs the same ws, socket.io and express.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const serverPackage = path.join(repoRoot, 'packages/server');

function thirdPartyPackages(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(serverPackage, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  const names = ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((field) => Object.keys(manifest[field] ?? {}));
  return [...new Set(names)].filter((name) => !name.startsWith('@callboard/'));
}

/** Options of {@link bundleServers}. */
export interface BundleOptions {
  /** The directory under `bench/.cache/`, emptied first. */
  cache: string;
  /**
   * Also build the SQLite store's writer thread beside the bundles, where the built store looks
   * for it (`sqlite-writer-worker.js`).
   */
  sqliteWriter?: boolean;
}

/** Bundles the given server scripts; returns the URL of each bundle, by script URL. */
export function bundleServers(scripts: URL[], options: BundleOptions): Map<string, URL> {
  const outDir = path.join(repoRoot, 'bench/.cache', options.cache);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  symlinkSync(path.join(serverPackage, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
  const externals = thirdPartyPackages().flatMap((name) => [`--external:${name}`, `--external:${name}/*`]);
  const build = (entry: string, outfile: string) => {
    const result = spawnSync(
      path.join(repoRoot, 'node_modules/.bin/esbuild'),
      [
        entry,
        '--bundle',
        '--platform=node',
        '--format=esm',
        '--target=node20',
        '--conditions=@callboard/source',
        '--log-level=warning',
        `--outfile=${outfile}`,
        ...externals,
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`bundling ${entry} failed:\n${result.stderr}`);
  };
  const bundles = new Map<string, URL>();
  for (const script of scripts) {
    if (bundles.has(script.href)) continue;
    const outfile = path.join(outDir, `${path.basename(script.pathname, '.ts')}.mjs`);
    build(fileURLToPath(script), outfile);
    bundles.set(script.href, pathToFileURL(outfile));
  }
  // `.js` is ESM here (the repository's package.json says "type": "module"), as in the built package.
  if (options.sqliteWriter) build(path.join(serverPackage, 'src/store/sqlite/sqlite-writer-worker.ts'), path.join(outDir, 'sqlite-writer-worker.js'));
  return bundles;
}
