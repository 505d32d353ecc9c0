import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/core */
export const coreDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

/**
 * Builds @callboard/core with its own tsup config (the build that ships), into a fresh temporary
 * directory so it never races another build of packages/core/dist. The directory sits in
 * packages/core/node_modules/.cache, so the build's own imports (zod, ...) resolve the way they
 * do for an installed package. Returns the directory; remove it when done.
 */
export async function buildCoreToTempDir(): Promise<string> {
  const cacheDir = join(coreDir, 'node_modules/.cache');
  mkdirSync(cacheDir, { recursive: true });
  const outDir = mkdtempSync(join(cacheDir, 'built-core-'));
  const tsupPackage = require.resolve('tsup/package.json');
  const bin = (JSON.parse(readFileSync(tsupPackage, 'utf8')) as { bin: Record<string, string> }).bin.tsup as string;
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [join(dirname(tsupPackage), bin), '--outDir', outDir], { cwd: coreDir }, (error, stdout, stderr) => {
      if (error) reject(new Error(`tsup failed to build @callboard/core:\n${stdout}\n${stderr}`, { cause: error }));
      else resolve();
    });
  });
  return outDir;
}

/** Every file of a build, relative to its directory. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{ outputFiles: Array<{ text: string }> }>;
}

/**
 * Bundles the given built subpaths, with their dependencies (zod, ...), into one IIFE script that
 * leaves `globalThis.callboard.<name>` behind, the way an edge bundler would: platform `neutral`,
 * so a Node built-in anywhere in the graph fails the bundle.
 */
export async function bundleForEdge(outDir: string, subpaths: Record<string, string>): Promise<string> {
  // esbuild comes with tsup; it is not a dependency of its own here.
  const esbuild = createRequire(require.resolve('tsup'))('esbuild') as EsbuildLike;
  const entry = Object.entries(subpaths)
    .map(([name, file]) => `export * as ${name} from ${JSON.stringify(join(outDir, file))};`)
    .join('\n');
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: outDir, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'callboard',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}
