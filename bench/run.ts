/**
 * `pnpm bench [filter]`: runs every `bench/*.bench.ts` (or those whose name contains the filter),
 * prints one table of ratios against baselines measured in the same run, and writes
 * `bench/results/latest.json`.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow, BenchSuite } from './lib/compare.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => !filter || name.includes(filter))
  .sort();

const rows: BenchRow[] = [];
for (const file of files) {
  console.log(`running ${file} ...`);
  const suite = (await import(pathToFileURL(path.join(here, file)).href)) as { default: BenchSuite };
  const result = await suite.default();
  for (const row of result) {
    rows.push(row);
    console.log(`  ${row.metric}: ${row.subject} ${fmt(row.subjectValue)} vs ${row.baseline} ${fmt(row.baselineValue)} = ${row.ratio.toFixed(2)}x (goal ${row.goal}) ${verdict(row, 'PASS', 'MISS')}`);
  }
}

console.log('\n| suite | metric | subject | baseline | subject value | baseline value | ratio | goal | |');
console.log('| --- | --- | --- | --- | ---: | ---: | ---: | --- | --- |');
for (const row of rows) {
  console.log(
    `| ${row.suite} | ${row.metric} | ${row.subject} | ${row.baseline} | ${fmt(row.subjectValue)} | ${fmt(row.baselineValue)} | ${row.ratio.toFixed(2)}x | ${row.goal} | ${verdict(row, 'pass', 'MISS')} |`,
  );
}

mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(
  path.join(here, 'results', 'latest.json'),
  JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, rows }, null, 2),
);

function verdict(row: BenchRow, pass: string, miss: string): string {
  if (row.diagnostic) return 'diagnostic';
  return row.pass ? pass : miss;
}

function fmt(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(3);
}
