/**
 * End-to-end: the dialer example in real Chromium with fake media devices. One page places a call
 * through `/api/calls/initiate` and joins its room; a second page opens the share link; the two
 * connect WebRTC audio through Callboard's signaling relay while the call's status streams in.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { builtExample, SCREENSHOTS_DIR as shotsDir, startE2eServer, type E2eServer } from './e2e-setup.js';

let browser: Browser;
let nodes: E2eServer;

beforeAll(async () => {
  nodes = await startE2eServer(builtExample('dialer'));
  browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  nodes?.dispose();
});

async function audioBytes(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid="audio-bytes"]').textContent());
}

it('connects WebRTC audio between two pages through the relay and shows the call status', async () => {
  const context = await browser.newContext();
  const caller = await context.newPage();
  const errors: string[] = [];
  caller.on('pageerror', (error) => errors.push(error.message));
  await caller.goto(nodes.process.url);
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
