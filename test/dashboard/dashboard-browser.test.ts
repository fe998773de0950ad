/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core): the page polls /admin/state and
 * shows traffic in the region cards and the matrix, the breaker of a region in outage as open, the boundary of a
 * profile; with auth configured it asks for an admin key and works once given one. Skips only when
 * /usr/bin/chromium is absent (`.ci/run` installs it).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chat, routing } from '../drills/drill-kit.js';
import { EU_REGIONS, NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

const CHROMIUM = '/usr/bin/chromium';
const SKIP = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent: install Debian's chromium package (apt-get install chromium); .ci/run does`;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ADMIN_KEY = 'dashboard-browser-admin-key';

describe('dashboard in headless Chromium', { skip: SKIP }, () => {
  let scratch = '';
  let browser: BrowserContext | undefined;
  let gateway: TestGateway | undefined;
  let openPage: Page | undefined;
  const pageErrors: string[] = [];

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'georoute-dashboard-'));
    // A persistent context is how playwright takes a fresh --user-data-dir.
    browser = await chromium.launchPersistentContext(join(scratch, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1400, height: 1000 },
    });
  });
  after(async () => {
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
  });
  afterEach(async () => {
    await openPage?.close();
    openPage = undefined;
    await gateway?.close();
    gateway = undefined;
  });

  async function openDashboard(gw: TestGateway): Promise<Page> {
    assert.ok(browser);
    const opened = (openPage = await browser.newPage());
    pageErrors.length = 0;
    opened.on('pageerror', (error) => pageErrors.push(error.message));
    opened.on('console', (message) => {
      if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) pageErrors.push(message.text());
    });
    await opened.goto(`${gw.url}/dashboard`);
    return opened;
  }

  it('shows region counts, the traffic matrix, an open breaker and a boundary', async () => {
    const gw = (gateway = await startTestGateway(routing(testConfig(), { breaker: { failureThreshold: 3, openMs: 60_000 } })));
    const page = await openDashboard(gw);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Live'));
    assert.equal(await page.locator('[data-region]').count(), 8, 'a card per region');

    gw.simulator('us-east-1').setFaults({ outage: 'http-503' });
    for (let i = 0; i < 4; i += 1) assert.equal((await chat(gw, { source: 'eu-central-1' })).status, 200);
    for (let i = 0; i < 3; i += 1) assert.notEqual((await chat(gw, { source: 'us-east-1', model: NOVA_LITE })).status, 200);

    await page.waitForFunction(() => document.querySelector('[data-region="eu-central-1"] .served-count')?.textContent === '4');
    await page.waitForFunction(() => document.querySelector('[data-region="us-east-1"] h3 .breaker')?.getAttribute('data-breaker') === 'open');
    assert.equal((await page.locator('[data-region="us-east-1"] h3 .breaker').innerText()).trim(), '✕ breaker open', 'the state is in the text, not only the colour');
    assert.equal((await page.locator('[data-region="eu-central-1"] h3 .breaker').innerText()).trim(), '✓ breaker closed');
    assert.match(await page.locator('[data-region="eu-central-1"] .served').innerText(), /4 served · 0 \/ 8 in flight/);

    const cell = page.locator('#traffic-table tr[data-source="eu-central-1"] td[data-destination="eu-central-1"]');
    assert.equal(await cell.innerText(), '4');
    assert.equal(await page.locator('#traffic-table tr[data-source="eu-central-1"] td.spillover').innerText(), '0%');
    assert.equal(await page.locator('#traffic-table tr[data-source="us-east-1"] td').nth(1).innerText(), '3', 'three failed from us-east-1');
    assert.equal(await page.locator('#errors-table caption').innerText(), 'Errors by code since start');
    assert.equal(await page.locator('#errors-table tbody td').first().innerText(), '3');

    assert.equal(await page.locator('#boundary-profile').inputValue(), `eu.${NOVA_LITE}`);
    await page.waitForFunction(() => document.querySelectorAll('#boundary-inside li').length > 0);
    assert.deepEqual((await page.locator('#boundary-inside li').allInnerTexts()).sort(), [...EU_REGIONS].sort());

    const shot = join(scratch, 'dashboard.png');
    await page.screenshot({ path: process.env.DASHBOARD_SCREENSHOT ?? shot, fullPage: true });
    assert.ok(statSync(process.env.DASHBOARD_SCREENSHOT ?? shot).size > 10_000, 'a screenshot with content');
    assert.deepEqual(pageErrors, [], 'no script errors or CSP violations');
  });

  it('asks for an admin key when auth is configured and polls with it once given', async () => {
    const auth = { apiKeys: [{ id: 'ops', keyEnv: 'DASHBOARD_BROWSER_ADMIN_KEY', admin: true }] };
    const env = { ...process.env, DASHBOARD_BROWSER_ADMIN_KEY: ADMIN_KEY };
    const gw = (gateway = await startTestGateway(testConfig({ auth }), { env }));
    const page = await openDashboard(gw);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Admin access needed (401)'));
    assert.equal(await page.locator('[data-region]').count(), 0, 'nothing shown without the key');

    await page.getByLabel('Admin key', { exact: true }).fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Use key' }).click();
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Live'));
    assert.equal(await page.locator('[data-region]').count(), 8);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('georoute.adminKey')), ADMIN_KEY);
    assert.equal(await page.locator('#admin-key').inputValue(), '', 'the key is not left in the field');
    assert.deepEqual(pageErrors, []);
  });
});
