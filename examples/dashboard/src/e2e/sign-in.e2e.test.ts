/**
 * End-to-end: a server with an API key asks the dashboard for a token; a `read` token shows the
 * dashboard without the admin actions, an admin credential shows them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnCallboard, type CallboardProcess } from '../../../../packages/server/src/cli/__tests__/spawn-callboard.js';
import { launchChromium } from './browser.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dashboardDir = path.resolve(here, '../..');
const distDir = path.join(dashboardDir, 'dist');
const API_KEY = 'e2e-admin-key-0123456789abcdef';

let browser: Browser;
let server: CallboardProcess;
let dataDir = '';

beforeAll(async () => {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    execFileSync(process.execPath, [path.join(dashboardDir, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: dashboardDir, stdio: 'inherit' });
  }
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'callboard-signin-'));
  server = await spawnCallboard(['start', '--port', '0', '--db', path.join(dataDir, 'calls.db')], {
    CALLBOARD_STATIC_DIR: distDir,
    CALLBOARD_SIMULATE: '0',
    CALLBOARD_API_KEY: API_KEY,
  }, 120_000);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.child.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function mintToken(scopes: string[]): Promise<string> {
  const response = await fetch(`${server.url}/api/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subject: 'e2e-wallboard', scopes, ttlSec: 600 }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

it('asks for a token, refuses a wrong one, and shows the dashboard without admin actions to a read token', async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForSelector('input[name="token"]');

  await page.fill('input[name="token"]', 'not-a-valid-token');
  await page.click('button[type="submit"]');
  await page.waitForSelector('.sign-in .error');
  expect(await page.locator('input[name="token"]').count()).toBe(1);

  await page.fill('input[name="token"]', await mintToken(['read']));
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-testid="connection"][data-state="open"]');
  expect(await page.locator('form.place-call').count()).toBe(0);
  await page.close();
});

it('shows the admin actions to an admin credential', async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForSelector('input[name="token"]');
  await page.fill('input[name="token"]', API_KEY);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-testid="connection"][data-state="open"]');
  expect(await page.locator('form.place-call').count()).toBe(1);
  await page.close();
});
