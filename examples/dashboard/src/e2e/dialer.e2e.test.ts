/**
 * End-to-end: the dialer example in real Chromium with fake media devices. One page places a call
 * through `/api/calls/initiate` and joins its room; a second page opens the share link; the two
 * connect WebRTC audio through Callboard's signaling relay while the call's status streams in.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnCallboard, type CallboardProcess } from '../../../../packages/server/src/cli/__tests__/spawn-callboard.js';
import { launchChromium } from './browser.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const dialerDir = path.join(repoRoot, 'examples/dialer');
const distDir = path.join(dialerDir, 'dist');
const shotsDir = path.join(repoRoot, 'e2e-screenshots');

let browser: Browser;
let server: CallboardProcess;
let dataDir = '';

beforeAll(async () => {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    execFileSync(process.execPath, [path.join(dialerDir, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: dialerDir, stdio: 'inherit' });
  }
  mkdirSync(shotsDir, { recursive: true });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'callboard-dialer-'));
  server = await spawnCallboard(['start', '--port', '0', '--db', path.join(dataDir, 'calls.db')], { CALLBOARD_STATIC_DIR: distDir, CALLBOARD_SIMULATE: '0' }, 120_000);
  browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.child.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function audioBytes(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid="audio-bytes"]').textContent());
}

it('connects WebRTC audio between two pages through the relay and shows the call status', async () => {
  const context = await browser.newContext();
  const caller = await context.newPage();
  const errors: string[] = [];
  caller.on('pageerror', (error) => errors.push(error.message));
  await caller.goto(server.url);
  await caller.waitForSelector('[data-testid="realtime"]:text("open")', { state: 'attached' });
  await caller.fill('#number', '+15551230000');
  await caller.click('button[type="submit"]');
  await caller.waitForSelector('[data-testid="share-link"][href*="room="]');
  const link = await caller.getAttribute('[data-testid="share-link"]', 'href');
  await expect.poll(() => caller.locator('[data-testid="room"]').textContent()).toContain(' as p_');
  // The call's status streams into the page from the simulated provider.
  await expect.poll(() => caller.locator('[data-testid="call-status"]').textContent(), { timeout: 15_000 }).not.toBe('—');

  const agent = await (await browser.newContext()).newPage();
  agent.on('pageerror', (error) => errors.push(error.message));
  await agent.goto(link!);

  for (const page of [caller, agent]) {
    await expect.poll(() => page.locator('[data-testid="rtc-state"]').textContent(), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => audioBytes(page), { timeout: 20_000 }).toBeGreaterThan(0);
  }
  expect(await caller.locator('[data-testid="peers"]').textContent()).toBe('1');
  expect(await agent.locator('[data-testid="peers"]').textContent()).toBe('1');
  const log = await agent.locator('[data-testid="log"]').textContent();
  expect(log).toContain('offer from p_');
  expect(errors).toEqual([]);
  await caller.screenshot({ path: path.join(shotsDir, 'dialer.png') });
});
