/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core): the page polls /admin/state and
 * shows the map (a dot per region, the flows of the last minute, breakers by colour), the charts of the last 15
 * minutes, the region and deployment tables, the traffic matrix and a profile's boundary; it stays readable with
 * 30 regions (one table row each, labels only where something happens, deployments folded); with auth configured
 * it asks for an admin key. Skips only when /usr/bin/chromium is absent (`.ci/run` installs it).
 * DASHBOARD_SCREENSHOT=<file.png> keeps the burst scenario's screenshot (docs/dashboard.md), after
 * DASHBOARD_SCREENSHOT_SECONDS (default 0) of extra paced traffic so the charts have some history.
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

/** 30 regions around the world (id, latitude, longitude); the first three get simulators in the 30-region test. */
const WORLD: ReadonlyArray<[string, number, number]> = [
  ['eu-central-1', 50.11, 8.68], ['eu-west-1', 53.35, -6.26], ['us-east-1', 39.04, -77.49],
  ['us-east-2', 40.0, -83.0], ['us-west-1', 37.35, -121.96], ['us-west-2', 45.84, -119.7], ['ca-central-1', 45.5, -73.6],
  ['ca-west-1', 51.05, -114.07], ['sa-east-1', -23.55, -46.63], ['mx-central-1', 20.6, -100.4], ['eu-central-2', 47.37, 8.54],
  ['eu-west-2', 51.51, -0.13], ['eu-west-3', 48.86, 2.35], ['eu-north-1', 59.33, 18.07], ['eu-south-1', 45.46, 9.19],
  ['eu-south-2', 41.65, -0.88], ['il-central-1', 32.08, 34.78], ['me-central-1', 25.2, 55.27], ['me-south-1', 26.07, 50.55],
  ['af-south-1', -33.92, 18.42], ['ap-south-1', 19.08, 72.88], ['ap-south-2', 17.38, 78.48], ['ap-southeast-1', 1.35, 103.82],
  ['ap-southeast-2', -33.87, 151.21], ['ap-southeast-3', -6.2, 106.85], ['ap-southeast-4', -37.81, 144.96],
  ['ap-northeast-1', 35.68, 139.69], ['ap-northeast-2', 37.57, 126.98], ['ap-northeast-3', 34.69, 135.5], ['ap-east-1', 22.32, 114.17],
];

function worldConfig(): Record<string, unknown> {
  const base = testConfig({ regions: ['eu-central-1', 'eu-west-1', 'us-east-1'] });
  const eu = WORLD.filter(([id]) => id.startsWith('eu-')).map(([id]) => id);
  return {
    ...base,
    regions: WORLD.map(([id, latitude, longitude]) => ({ id, name: `Region ${id}`, country: 'ZZ', latitude, longitude })),
    geographies: [
      { id: 'eu', name: 'European Union', regions: eu },
      { id: 'us', name: 'United States', regions: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'] },
      { id: 'apac', name: 'Asia Pacific', regions: WORLD.filter(([id]) => id.startsWith('ap-')).map(([id]) => id) },
    ],
    deployments: [
      ...(base.deployments as unknown[]),
      // Never called in this test: a closed loopback port stands in for the upstream.
      ...WORLD.slice(3).map(([region]) => ({ model: NOVA_LITE, region, provider: 'openai-compatible', endpoint: 'http://127.0.0.1:9/v1' })),
    ],
  };
}

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

  const live = (page: Page) => page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Live'));

  it('shows the map, the charts, the region tables, an open breaker and a boundary', async () => {
    const gw = (gateway = await startTestGateway(routing(testConfig(), { breaker: { failureThreshold: 3, openMs: 60_000 } })));
    const page = await openDashboard(gw);
    await live(page);
    assert.equal(await page.locator('#region-table tr[data-region]').count(), 8, 'a row per region');
    assert.equal(await page.locator('#region-map g.region[data-region]').count(), 8, 'a dot per region');

    gw.simulator('us-east-1').setFaults({ outage: 'http-503' });
    for (let i = 0; i < 4; i += 1) assert.equal((await chat(gw, { source: 'eu-central-1' })).status, 200);
    for (let i = 0; i < 3; i += 1) assert.notEqual((await chat(gw, { source: 'us-east-1', model: NOVA_LITE })).status, 200);

    const row = (region: string) => `#region-table tr[data-region="${region}"]`;
    await page.waitForFunction((selector) => document.querySelector(selector)?.textContent === '4', `${row('eu-central-1')} .served-count`);
    await page.waitForFunction((selector) => document.querySelector(selector)?.getAttribute('data-breaker') === 'open', `${row('us-east-1')} .breaker`);
    assert.equal((await page.locator(`${row('us-east-1')} .breaker`).innerText()).trim(), '✕ open', 'the state is in the text, not only the colour');
    assert.equal((await page.locator(`${row('eu-central-1')} .breaker`).innerText()).trim(), '✓ closed');
    assert.equal(await page.locator(`${row('eu-central-1')} .in-flight`).innerText(), '0 / 8');
    assert.equal(await page.locator(`${row('eu-central-1')} .last-minute`).innerText(), '4');

    // The map: local traffic as a ring at Frankfurt, the open breaker in red, everything inside the view.
    const flow = page.locator('#region-map [data-flow="eu-central-1>eu-central-1"]');
    await flow.waitFor();
    assert.equal(await flow.getAttribute('data-count'), '4');
    assert.equal(await page.locator('#region-map g.region[data-region="us-east-1"]').getAttribute('data-breaker'), 'open');
    assert.match(await page.locator('#region-map desc').textContent() ?? '', /eu-central-1 to eu-central-1: 4/);
    assert.ok(await page.evaluate(() => {
      const svg = document.getElementById('region-map') as unknown as SVGSVGElement;
      const view = svg.viewBox.baseVal;
      return [...svg.querySelectorAll('g.region:not([data-breaker="none"]) circle')].every((c) => {
        const x = Number(c.getAttribute('cx'));
        const y = Number(c.getAttribute('cy'));
        return x > view.x && x < view.x + view.width && y > view.y && y < view.y + view.height;
      });
    }), 'every region with a deployment is inside the map view');

    // The charts of the last 15 minutes: traffic and refusals in the last minute.
    assert.equal(await page.locator('#charts figure.chart').count(), 4);
    assert.ok(Number(await page.locator('#chart-rps').getAttribute('data-latest')) > 0);
    assert.ok(Number(await page.locator('#chart-refusals').getAttribute('data-latest')) > 0, 'the 503s are refusals');
    assert.equal(await page.locator('#chart-spillover .chart-value').innerText(), '0%');
    assert.match(await page.locator('#chart-p95 .chart-value').innerText(), /^(\d+ ms|[\d.]+ s)$/);

    // Deployments (folded out with 8), traffic matrix, errors, boundary: as before.
    assert.equal(await page.locator('#deployment-details').getAttribute('open'), '');
    assert.equal(await page.locator('#deployment-table tbody tr').count(), 7, 'us-west-2 has none');
    const cell = page.locator('#traffic-table tr[data-source="eu-central-1"] td[data-destination="eu-central-1"]');
    assert.equal(await cell.innerText(), '4');
    assert.equal(await page.locator('#traffic-table tr[data-source="eu-central-1"] td.spillover').innerText(), '0%');
    assert.equal(await page.locator('#errors-table tbody td').first().innerText(), '3');
    assert.equal(await page.locator('#boundary-profile').inputValue(), `eu.${NOVA_LITE}`);
    await page.waitForFunction(() => document.querySelectorAll('#boundary-inside li').length > 0);
    assert.deepEqual((await page.locator('#boundary-inside li').allInnerTexts()).sort(), [...EU_REGIONS].sort());
    assert.deepEqual(pageErrors, [], 'no script errors or CSP violations');
  });

  it('draws spillover as arcs from the source region during a burst (the screenshot of docs/dashboard.md)', async () => {
    const config = routing(testConfig({ maxConcurrent: 2, timeToFirstTokenMs: 400, tokensPerSecond: 200 }), { breaker: { failureThreshold: 2, openMs: 600_000 } });
    const gw = (gateway = await startTestGateway(config));
    gw.simulator('us-east-1').setFaults({ outage: 'http-503' });
    for (let i = 0; i < 2; i += 1) await chat(gw, { source: 'us-east-1', model: NOVA_LITE });
    const page = await openDashboard(gw);
    await live(page);
    const extraSeconds = Number(process.env.DASHBOARD_SCREENSHOT_SECONDS ?? 0);
    for (let second = 0; second < extraSeconds; second += 5) {
      await Promise.all(Array.from({ length: 2 + (second % 15) }, () => chat(gw, { source: 'eu-central-1', maxTokens: 16 })));
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
    const burst = await Promise.all(Array.from({ length: 24 }, () => chat(gw, { source: 'eu-central-1', maxTokens: 32 })));
    const spilledTo = new Set(burst.filter((a) => a.status === 200 && a.inferenceRegion !== 'eu-central-1').map((a) => a.inferenceRegion));
    assert.ok(spilledTo.size >= 1, 'the burst spilled over');
    const [first] = [...spilledTo];
    const arc = page.locator(`#region-map path.flow.spill[data-flow="eu-central-1>${first}"]`);
    await arc.waitFor();
    assert.equal(await arc.getAttribute('marker-end'), 'url(#flow-arrow)');
    assert.ok([...spilledTo].every((region) => region && (EU_REGIONS as readonly string[]).includes(region)), 'inside the EU');
    await page.waitForFunction(() => Number(document.getElementById('chart-spillover')?.getAttribute('data-latest')) > 0);
    const shot = process.env.DASHBOARD_SCREENSHOT ?? join(scratch, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: process.env.DASHBOARD_SCREENSHOT_FULL === '1' });
    assert.ok(statSync(shot).size > 10_000, 'a screenshot with content');
    assert.deepEqual(pageErrors, []);
  });

  it('stays readable with 30 regions: a row each, labels where something happens, deployments folded', async () => {
    const gw = (gateway = await startTestGateway(worldConfig()));
    const page = await openDashboard(gw);
    await live(page);
    for (let i = 0; i < 3; i += 1) assert.equal((await chat(gw, { source: 'eu-west-1', model: NOVA_LITE })).status, 200);
    await page.waitForFunction(() => document.querySelector('#region-map [data-flow="eu-west-1>eu-west-1"]') !== null);
    assert.equal(await page.locator('#region-map g.region').count(), 30);
    assert.equal(await page.locator('#region-table tbody tr').count(), 30);
    const visibleLabels = await page.locator('#region-map text.label:not(.hidden)').allTextContents();
    assert.deepEqual(visibleLabels, ['eu-west-1'], 'only the region with traffic is labelled');
    assert.equal(await page.locator('#deployment-details').getAttribute('open'), null, '30 deployments start folded');
    const view = await page.evaluate(() => (document.getElementById('region-map') as unknown as SVGSVGElement).viewBox.baseVal.width);
    assert.ok(view > 250, `the view spans the world (${view} degrees wide)`);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height < 3_200, `the page is ${height} px tall with 30 regions`);
    assert.deepEqual(pageErrors, []);
  });

  it('asks for an admin key when auth is configured and polls with it once given', async () => {
    const auth = { apiKeys: [{ id: 'ops', keyEnv: 'DASHBOARD_BROWSER_ADMIN_KEY', admin: true }] };
    const env = { ...process.env, DASHBOARD_BROWSER_ADMIN_KEY: ADMIN_KEY };
    const gw = (gateway = await startTestGateway(testConfig({ auth }), { env }));
    const page = await openDashboard(gw);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Admin access needed (401)'));
    assert.equal(await page.locator('#region-table tr[data-region]').count(), 0, 'nothing shown without the key');

    await page.getByLabel('Admin key', { exact: true }).fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Use key' }).click();
    await live(page);
    assert.equal(await page.locator('#region-table tr[data-region]').count(), 8);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('georoute.adminKey')), ADMIN_KEY);
    assert.equal(await page.locator('#admin-key').inputValue(), '', 'the key is not left in the field');
    assert.deepEqual(pageErrors, []);
  });
});
