/**
 * End-to-end: a server with an API key asks the dashboard for a token; a `read` token shows the
 * dashboard without the admin actions, an admin credential shows them.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { builtExample, startE2eServer, type E2eServer } from './e2e-setup.js';

const API_KEY = 'e2e-admin-key-0123456789abcdef';

let browser: Browser;
let nodes: E2eServer;

beforeAll(async () => {
  nodes = await startE2eServer(builtExample('dashboard'), { CALLBOARD_API_KEY: API_KEY });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  nodes?.dispose();
});

async function mintToken(scopes: string[]): Promise<string> {
  const response = await fetch(`${nodes.process.url}/api/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subject: 'e2e-wallboard', scopes, ttlSec: 600 }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

it('asks for a token, refuses a wrong one, and shows the dashboard without admin actions to a read token', async () => {
  const page = await browser.newPage();
  await page.goto(nodes.process.url);
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
  await page.goto(nodes.process.url);
  await page.waitForSelector('input[name="token"]');
  await page.fill('input[name="token"]', API_KEY);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-testid="connection"][data-state="open"]');
  expect(await page.locator('form.place-call').count()).toBe(1);
  await page.close();
});
