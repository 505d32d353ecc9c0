/**
 * End-to-end: real Chromium (playwright-core driving Debian's /usr/bin/chromium) against a running
 * `callboard start` serving the built dashboard. Writes a screenshot of each page to
 * e2e-screenshots/ at the repository root.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallboardProcess } from '../../../../packages/server/src/cli/__tests__/spawn-callboard.js';
import { launchChromium } from './browser.js';
import { builtExample, SCREENSHOTS_DIR as shotsDir, startE2eServer, type E2eServer } from './e2e-setup.js';
import { E2E_TWILIO_TOKEN, postTwilioStatus } from './twilio-webhooks.js';

let browser: Browser;
let nodes: E2eServer;
let server: CallboardProcess;
let base = '';

beforeAll(async () => {
  nodes = await startE2eServer(builtExample('dashboard'), {
    TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000e2e',
    TWILIO_AUTH_TOKEN: E2E_TWILIO_TOKEN,
  });
  server = nodes.process;
  base = server.url;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  nodes?.dispose();
});

async function openPage(pathname: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${base}${pathname}`);
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

let callNumber = 0;
function newCall(direction = 'outbound-api') {
  callNumber++;
  return {
    sid: `CAe2e${String(callNumber).padStart(29, '0')}`,
    from: '+15005550006',
    to: `+2547000${String(10_000 + callNumber)}`,
    direction,
  };
}

describe('dashboard in Chromium against callboard start', () => {
  it('shows a call on Live calls within a second of its webhook and moves it through its statuses', async () => {
    const page = await openPage('/');
    await page.waitForSelector('[data-testid="connection"][data-state="open"]');
    const call = newCall();
    const card = `[data-testid="live-call"][data-provider-call-id="${call.sid}"]`;

    const sent = Date.now();
    await postTwilioStatus(base, call, 'initiated');
    await page.waitForSelector(`${card}[data-status="initiated"]`, { timeout: 5_000 });
    const appearedMs = Date.now() - sent;
    expect(appearedMs).toBeLessThan(1000);

    for (const status of ['ringing', 'in-progress'] as const) {
      await postTwilioStatus(base, call, status);
      await page.waitForSelector(`${card}[data-status="${status}"]`, { timeout: 5_000 });
    }
    await page.screenshot({ path: path.join(shotsDir, 'live-calls.png') });
    await postTwilioStatus(base, call, 'completed', { CallDuration: '42' });
    await page.waitForSelector(card, { state: 'detached', timeout: 5_000 });
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('lists finished calls in the call log, where filters and search narrow the rows, and exports the rows shown', async () => {
    const completed = newCall();
    const busy = newCall('inbound');
    for (const status of ['initiated', 'ringing', 'in-progress']) await postTwilioStatus(base, completed, status);
    await postTwilioStatus(base, completed, 'completed', { CallDuration: '95' });
    await postTwilioStatus(base, busy, 'ringing');
    await postTwilioStatus(base, busy, 'busy');

    const page = await openPage('/calls');
    await page.waitForSelector(`[data-testid="call-log"] tr[data-call-id]`);
    const allRows = await page.locator('[data-testid="call-log"] tbody tr').count();
    expect(allRows).toBeGreaterThanOrEqual(3);

    await page.selectOption('select[name="status"]', 'busy');
    await page.waitForURL(/status=busy/);
    await expect.poll(() => page.locator('[data-testid="call-log"] tbody tr').count()).toBe(1);
    const busyStatuses = await page.locator('[data-testid="call-log"] tbody tr .chip').allTextContents();
    expect(busyStatuses).toEqual(['Busy']);

    await page.selectOption('select[name="status"]', '');
    await page.fill('input[name="q"]', completed.to);
    await page.click('button[type="submit"]');
    await page.waitForURL(/q=/);
    await expect.poll(() => page.locator('[data-testid="call-log"] tbody tr').count()).toBe(1);
    const shownIds = await page.locator('[data-testid="call-log"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-call-id')));
    await page.screenshot({ path: path.join(shotsDir, 'call-log.png') });

    // The filters live in the URL: a reload shows the same rows.
    await page.reload();
    await expect.poll(() => page.locator('[data-testid="call-log"] tbody tr').count()).toBe(1);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    const csvPath = path.join(nodes.dataDir, 'export.csv');
    await download.saveAs(csvPath);
    const csv = readFileSync(csvPath, 'utf8').trim().split(/\r?\n/);
    expect(csv[0]!.split(',')[0]).toBe('id');
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(shownIds);

    // The call detail page: timeline, raw provider events.
    await page.click(`[data-testid="call-log"] tr[data-call-id="${shownIds[0]}"]`);
    await page.waitForSelector('[data-testid="call-detail"][data-status="completed"]');
    await expect.poll(() => page.locator('[data-testid="timeline"] li').count()).toBe(4);
    expect(await page.locator('[data-testid="raw-events"] li').count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: path.join(shotsDir, 'call-detail.png') });
    await page.close();
  });

  it('draws the analytics charts from the stored data', async () => {
    const response = await fetch(`${base}/api/calls/analytics?from=${encodeURIComponent(new Date(Date.now() - 7 * 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    const stored = (await response.json()) as { totals: { calls: number } };
    expect(stored.totals.calls).toBeGreaterThanOrEqual(3);

    const page = await openPage('/analytics');
    await page.waitForSelector('[data-testid="kpi-calls"]');
    expect(await page.locator('[data-testid="kpi-calls"] .kpi-value').textContent()).toBe(String(stored.totals.calls));
    const dayBars = await page.locator('[data-testid="chart-volume-per-day"] rect.bar').evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute('data-value'))));
    expect(dayBars).toHaveLength(8);
    expect(dayBars.reduce((sum, value) => sum + value, 0)).toBe(stored.totals.calls);
    const statusRows = await page.locator('[data-testid="chart-status"] li').count();
    expect(statusRows).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid="chart-hour-of-day"] rect.bar').count()).toBe(24);
    await page.screenshot({ path: path.join(shotsDir, 'analytics.png') });
    await page.close();
  });

  it('shows Reconnecting when the server is killed, then the missed updates without a reload', async () => {
    const call = newCall();
    await postTwilioStatus(base, call, 'initiated');
    const page = await openPage('/');
    const card = `[data-testid="live-call"][data-provider-call-id="${call.sid}"]`;
    await page.waitForSelector(`${card}[data-status="initiated"]`);
    const port = new URL(base).port;

    server.child.kill('SIGKILL');
    await server.exited;
    await page.waitForSelector('[data-testid="connection"][data-state="reconnecting"]', { timeout: 15_000 });
    await page.screenshot({ path: path.join(shotsDir, 'reconnecting.png') });

    // While the page's server is down, another node on the same database takes the webhooks.
    const other = await nodes.startNode();
    try {
      await postTwilioStatus(other.url, call, 'ringing');
      await postTwilioStatus(other.url, call, 'in-progress');
    } finally {
      other.child.kill('SIGKILL');
      await other.exited;
    }
    expect(await page.locator(`${card}[data-status="initiated"]`).count()).toBe(1);

    server = await nodes.startNode(port);
    await page.waitForSelector('[data-testid="connection"][data-state="open"]', { timeout: 60_000 });
    await page.waitForSelector(`${card}[data-status="in-progress"]`, { timeout: 10_000 });
    await page.close();
  });
});
