/**
 * `GET /admin/state` against a real gateway and simulators: traffic counted by source and inference region, a
 * saturated region reported at its capacity (and the spill-over it causes), a breaker opened by an outage, and
 * the admin identity it requires when auth is configured. The dashboard page itself carries no data.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { chat, routing, waitUntil } from '../drills/drill-kit.js';
import { EU_REGIONS, NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { adminState, deploymentIn, fetchState, routeCount } from './dashboard-test-kit.js';

const ADMIN_KEY = 'dashboard-admin-key-0001';
const USER_KEY = 'dashboard-user-key-0001';

describe('GET /admin/state', () => {
  let gateway: TestGateway | undefined;
  const holders: AbortController[] = [];
  afterEach(async () => {
    for (const holder of holders.splice(0)) holder.abort();
    await gateway?.close();
    gateway = undefined;
  });

  it('lists regions with their geographies, deployments with declared and live capacity, and idle counters', async () => {
    const gw = (gateway = await startTestGateway(testConfig({ maxConcurrent: 3 })));
    const state = await adminState(gw);
    const frankfurt = state.regions.find((r) => r.id === 'eu-central-1');
    assert.deepEqual(frankfurt, { id: 'eu-central-1', name: 'Europe (Frankfurt)', country: 'DE', latitude: 50.11, longitude: 8.68, geographies: ['eu', 'europe', 'global'] });
    assert.deepEqual(state.regions.find((r) => r.id === 'eu-west-2')?.geographies, ['europe', 'global']);
    assert.equal(state.deployments.length, EU_REGIONS.length + 2);
    const deployment = deploymentIn(state, 'eu-west-1');
    assert.equal(deployment.model, NOVA_LITE);
    assert.equal(deployment.declared.maxConcurrent, 3);
    assert.equal(deployment.live.inFlight, 0);
    assert.equal(deployment.live.learnedMaxConcurrent, 3);
    assert.equal(deployment.live.breaker, 'closed');
    assert.equal(deployment.headroom, 1);
    assert.ok(state.profiles.includes(`eu.${NOVA_LITE}`));
    assert.equal(state.traffic.total, 0);
    assert.deepEqual(state.traffic.routes, []);
    assert.equal(state.timeline.points.length, state.timeline.windowMs / state.timeline.stepMs);
    assert.ok(state.timeline.points.every((p) => p.requests === 0 && p.p95Ms === null));
    assert.deepEqual(state.timeline.flows, []);
  });

  it('counts requests by source region and inference region', async () => {
    const gw = (gateway = await startTestGateway());
    for (let i = 0; i < 3; i += 1) assert.equal((await chat(gw, { source: 'eu-central-1' })).status, 200);
    for (let i = 0; i < 2; i += 1) assert.equal((await chat(gw, { source: 'us-east-1', model: NOVA_LITE })).status, 200);
    const state = await waitUntil('five requests counted', async () => {
      const s = await adminState(gw);
      return s.traffic.total === 5 && s;
    });
    assert.equal(routeCount(state, 'eu-central-1', 'eu-central-1'), 3, 'an idle source region serves its own requests');
    assert.equal(routeCount(state, 'us-east-1', 'us-east-1'), 2);
    assert.equal(state.traffic.routes.length, 2);
    assert.equal(state.timeline.points.reduce((sum, p) => sum + p.requests, 0), 5, 'the timeline counts them too');
    assert.deepEqual(state.timeline.flows.map((f) => [f.sourceRegion, f.inferenceRegion, f.count]).sort(), [['eu-central-1', 'eu-central-1', 3], ['us-east-1', 'us-east-1', 2]]);
    assert.deepEqual(state.traffic.errorsByCode, []);
    assert.ok(deploymentIn(state, 'eu-central-1').live.requestsLastMinute >= 3);
    assert.ok(deploymentIn(state, 'eu-central-1').live.latencyMs !== undefined, 'latency was observed');
  });

  it('shows a saturated region at in-flight = capacity, with no headroom, and the spill-over it causes', async () => {
    const gw = (gateway = await startTestGateway(testConfig({ maxConcurrent: 2 })));
    gw.simulator('eu-west-3').setFaults({ latencyMs: 10_000 });
    for (let i = 0; i < 2; i += 1) {
      const controller = new AbortController();
      holders.push(controller);
      void chat(gw, { source: 'eu-west-3', model: NOVA_LITE, signal: controller.signal }).catch(() => undefined);
    }
    const state = await waitUntil('eu-west-3 saturated', async () => {
      const s = await adminState(gw);
      return deploymentIn(s, 'eu-west-3').live.inFlight === 2 && s;
    });
    const paris = deploymentIn(state, 'eu-west-3');
    assert.equal(paris.live.inFlight, paris.live.learnedMaxConcurrent);
    assert.equal(paris.live.inFlight, paris.declared.maxConcurrent);
    assert.equal(paris.headroom, 0);

    const spilled = await chat(gw, { source: 'eu-west-3' });
    assert.equal(spilled.status, 200);
    assert.notEqual(spilled.inferenceRegion, 'eu-west-3');
    const after = await waitUntil('the spill-over counted', async () => {
      const s = await adminState(gw);
      return routeCount(s, 'eu-west-3', spilled.inferenceRegion) === 1 && s;
    });
    assert.equal(routeCount(after, 'eu-west-3', 'eu-west-3'), 0, 'the held requests have not finished');
  });

  it('shows the breaker of a region in outage as open, and its errors by code', async () => {
    const gw = (gateway = await startTestGateway(routing(testConfig(), { breaker: { failureThreshold: 3, openMs: 60_000 } })));
    gw.simulator('us-east-1').setFaults({ outage: 'http-503' });
    for (let i = 0; i < 3; i += 1) assert.notEqual((await chat(gw, { source: 'us-east-1', model: NOVA_LITE })).status, 200);
    const state = await waitUntil('three failures counted', async () => {
      const s = await adminState(gw);
      return s.traffic.total === 3 && s;
    });
    const virginia = deploymentIn(state, 'us-east-1');
    assert.equal(virginia.live.breaker, 'open');
    assert.ok((virginia.live.breakerOpenUntil ?? 0) > Date.now(), 'the open breaker says when it probes again');
    assert.equal(deploymentIn(state, 'eu-central-1').live.breaker, 'closed');
    const failures = state.traffic.routes.filter((r) => r.sourceRegion === 'us-east-1' && r.outcome === 'error');
    assert.equal(failures.reduce((sum, r) => sum + r.count, 0), 3);
    assert.equal(state.traffic.errorsByCode.reduce((sum, e) => sum + e.count, 0), 3);
    assert.equal(state.traffic.recentErrors.length, 3);
    for (const error of state.traffic.recentErrors) {
      assert.equal(error.sourceRegion, 'us-east-1');
      assert.ok(error.status >= 400);
      assert.deepEqual(Object.keys(error).sort(), ['code', 'inferenceRegion', 'profile', 'requestId', 'sourceRegion', 'status', 'time'], 'codes and regions only, no messages');
    }
  });

  it('needs an admin identity when auth is configured; the page and script are served to anyone', async () => {
    const auth = {
      apiKeys: [
        { id: 'ops', keyEnv: 'DASHBOARD_TEST_ADMIN_KEY', admin: true },
        { id: 'app', keyEnv: 'DASHBOARD_TEST_USER_KEY' },
      ],
    };
    const env = { ...process.env, DASHBOARD_TEST_ADMIN_KEY: ADMIN_KEY, DASHBOARD_TEST_USER_KEY: USER_KEY };
    const gw = (gateway = await startTestGateway(testConfig({ auth }), { env }));
    assert.equal((await fetchState(gw)).status, 401);
    const asUser = await fetchState(gw, USER_KEY);
    assert.equal(asUser.status, 403);
    assert.equal((JSON.parse(asUser.text) as { error: { code: string } }).error.code, 'access_denied');
    const asAdmin = await fetchState(gw, ADMIN_KEY);
    assert.equal(asAdmin.status, 200);
    assert.equal(asAdmin.state?.regions.length, 8);

    const page = await fetch(`${gw.url}/dashboard`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/);
    const html = await page.text();
    assert.match(html, /<script src="\/dashboard\/dashboard\.js"/);
    assert.doesNotMatch(html, /https?:\/\//, 'no external resources');
    const script = await fetch(`${gw.url}/dashboard/dashboard.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(await script.text(), /\/admin\/state/);
    for (const module of ['dashboard-dom.js', 'dashboard-map.js', 'dashboard-charts.js', 'dashboard-tables.js', 'world-land.js']) {
      const asset = await fetch(`${gw.url}/dashboard/${module}`);
      assert.equal(asset.status, 200, module);
      assert.match(asset.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      await asset.text();
    }
    assert.equal((await fetch(`${gw.url}/dashboard/not-there.js`)).status, 404);
  });
});
