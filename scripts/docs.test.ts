import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;
const PACKAGES = ['core', 'server', 'react'];

/** The source file behind every public subpath of the published packages (their `@callboard/source` condition). */
function exportedSources(): { subpath: string; source: string }[] {
  return PACKAGES.flatMap((dir) => {
    const manifest = readJson(`packages/${dir}/package.json`) as { name: string; exports: Record<string, unknown> };
    return Object.entries(manifest.exports).flatMap(([subpath, target]) => {
      if (typeof target !== 'object' || target === null) return [];
      const source = (target as Record<string, string>)['@callboard/source'];
      if (source === undefined) return [];
      return [{ subpath: `${manifest.name}${subpath.slice(1)}`, source: join('packages', dir, source).split('\\').join('/') }];
    });
  });
}

describe('API reference', () => {
  it('documents every public subpath whose source exists, and nothing else', () => {
    const config = readJson('typedoc.json') as { entryPoints: string[] };
    const expected = exportedSources().filter(({ source }) => existsSync(join(root, source)));
    const missing = expected.filter(({ source }) => !config.entryPoints.includes(source)).map(({ subpath, source }) => `${subpath} (${source})`);
    expect(missing, 'add these exports to entryPoints in typedoc.json and files in tsconfig.docs.json').toEqual([]);
    const stray = config.entryPoints.filter((entry) => !expected.some(({ source }) => source === entry));
    expect(stray, 'typedoc.json documents files that no package exports').toEqual([]);
    expect((readJson('tsconfig.docs.json') as { files: string[] }).files).toEqual(config.entryPoints);
  });

  it('builds without a single TypeDoc warning (missing exports, broken links)', async () => {
    const typedoc = join(dirname(createRequire(import.meta.url).resolve('typedoc/package.json')), 'bin/typedoc');
    const outcome = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(process.execPath, [typedoc, '--emit', 'none'], { cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
      });
    });
    expect(outcome.output).not.toMatch(/\[warning\]|\[error\]/);
    expect(outcome.code, outcome.output).toBe(0);
  }, 180_000);
});
