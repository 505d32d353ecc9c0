/**
 * Builds each server under test into one ES module under `bench/.cache/fanout/`, from the current
 * source, the way a release is built (tsup/esbuild, no `keepNames`), and runs it with plain
 * `node`. Running the TypeScript source through tsx instead would measure tsx: its `keepNames`
 * transform gives every closure an own `name` property, which on Callboard's per-connection
 * closures alone added about 8 KiB of heap per connection.
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
const outDir = path.join(repoRoot, 'bench/.cache/fanout');

function thirdPartyPackages(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(serverPackage, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  const names = ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((field) => Object.keys(manifest[field] ?? {}));
  return [...new Set(names)].filter((name) => !name.startsWith('@callboard/'));
}

/** Bundles the given server scripts; returns the URL of each bundle, by script URL. */
export function bundleServers(scripts: URL[]): Map<string, URL> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  symlinkSync(path.join(serverPackage, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
  const externals = thirdPartyPackages().flatMap((name) => [`--external:${name}`, `--external:${name}/*`]);
  const bundles = new Map<string, URL>();
  for (const script of scripts) {
    if (bundles.has(script.href)) continue;
    const outfile = path.join(outDir, `${path.basename(script.pathname, '.ts')}.mjs`);
    const result = spawnSync(
      path.join(repoRoot, 'node_modules/.bin/esbuild'),
      [
        fileURLToPath(script),
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
    if (result.status !== 0) throw new Error(`bundling ${script.pathname} failed:\n${result.stderr}`);
    bundles.set(script.href, pathToFileURL(outfile));
  }
  return bundles;
}
