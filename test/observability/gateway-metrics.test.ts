/**
 * /metrics after real traffic through a gateway: the series an operator alerts on exist with sensible values
 * (request duration, time to first token, attempts by deployment, spillover, refusals, deployment gauges, queue,
 * audit commits, process metrics), labels stay bounded (no request ids, application profiles folded), and
 * `promtool check metrics` (Debian's prometheus package; .ci/run installs it) accepts the exposition.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import { chat, chatStreamText, EU_PROFILE, routing, waitUntil } from '../drills/drill-kit.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { parsePrometheusText, samplesOf, sumOf, type Sample } from '../../bench/lib/prometheus-text.js';

const PROMTOOL = '/usr/bin/promtool';
const PROMTOOL_SKIP = existsSync(PROMTOOL) ? false : `${PROMTOOL} is absent: install Debian's prometheus package (apt-get install prometheus); .ci/run does`;

async function scrape(gateway: TestGateway): Promise<{ text: string; samples: Sample[]; contentType: string }> {
  const response = await fetch(`${gateway.url}/metrics`);
  assert.equal(response.status, 200);
  const text = await response.text();
  return { text, samples: parsePrometheusText(text), contentType: response.headers.get('content-type') ?? '' };
}

describe('Prometheus metrics after real traffic', () => {
  let gateway: TestGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('exposes request, attempt, spillover, refusal, deployment, queue, audit and process series', async () => {
    const gw = (gateway = await startTestGateway(routing(testConfig({ maxConcurrent: 1 }), { breaker: { failureThreshold: 2, openMs: 60_000 } })));
    const requestIds: string[] = [];
    // Served in the source region, as JSON and as a stream.
    for (let i = 0; i < 3; i += 1) {
      const answer = await chat(gw, { source: 'eu-central-1', requestId: `metrics-json-${i}` });
      assert.equal(answer.status, 200);
      requestIds.push(answer.requestId ?? '');
    }
    const streamed = await chatStreamText(gw, { source: 'eu-central-1', maxTokens: 16 });
    assert.equal(streamed.status, 200);
    // Frankfurt held busy: the next request spills over inside the EU.
    gw.simulator('eu-central-1').setFaults({ latencyMs: 2_000 });
    const holder = new AbortController();
    const held = chat(gw, { source: 'eu-central-1', signal: holder.signal }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const spilled = await chat(gw, { source: 'eu-central-1' });
    assert.equal(spilled.status, 200);
    assert.notEqual(spilled.inferenceRegion, 'eu-central-1');
    holder.abort();
    await held;
    gw.simulator('eu-central-1').setFaults({});
    // An outage in us-east-1 (the only US deployment): failed attempts, an open breaker, refusals.
    gw.simulator('us-east-1').setFaults({ outage: 'http-503' });
    for (let i = 0; i < 2; i += 1) assert.equal((await chat(gw, { source: 'us-east-1', model: NOVA_LITE })).status, 503);
    // A profile that does not exist: refused before routing.
    assert.equal((await chat(gw, { model: 'eu.no-such-model' })).status, 404);

    // The aborted holder keeps Frankfurt's slot for routing.cancelHoldMs (its upstream may still be working on it).
    await waitUntil('the cancelled request to give its slot back', async () => sumOf((await scrape(gw)).samples, 'georoute_deployment_in_flight') === 0);
    const { text, samples, contentType } = await scrape(gw);
    assert.match(contentType, /^text\/plain; version=0\.0\.4/);

    // Request duration: one histogram per label set, counts that add up, a positive sum.
    const okLabels = { surface: 'openai', profile: EU_PROFILE, source_region: 'eu-central-1', inference_region: 'eu-central-1', outcome: 'success' };
    assert.equal(sumOf(samples, 'georoute_request_duration_seconds_count', { ...okLabels, stream: 'false' }), 3);
    assert.equal(sumOf(samples, 'georoute_request_duration_seconds_count', { ...okLabels, stream: 'true' }), 1);
    assert.ok(sumOf(samples, 'georoute_request_duration_seconds_sum', okLabels) > 0);
    const infBucket = samplesOf(samples, 'georoute_request_duration_seconds_bucket', { ...okLabels, stream: 'false', le: '+Inf' });
    assert.equal(infBucket[0]?.value, 3);
    assert.equal(sumOf(samples, 'georoute_request_duration_seconds_count', { source_region: 'us-east-1', inference_region: 'none', outcome: 'error' }), 2);
    assert.equal(sumOf(samples, 'georoute_request_duration_seconds_count', { profile: 'none', outcome: 'error' }), 1, 'an unknown profile is labelled none');

    // Time to first token: the stream only, shorter than its whole duration.
    assert.equal(sumOf(samples, 'georoute_time_to_first_token_seconds_count'), 1);
    const ttft = sumOf(samples, 'georoute_time_to_first_token_seconds_sum');
    assert.ok(ttft > 0 && ttft <= sumOf(samples, 'georoute_request_duration_seconds_sum', { ...okLabels, stream: 'true' }));

    // Attempts by deployment and outcome.
    const frankfurt = gw.loaded.catalog.deployments.find((d) => d.regionId === 'eu-central-1')!;
    const virginia = gw.loaded.catalog.deployments.find((d) => d.regionId === 'us-east-1')!;
    assert.ok(sumOf(samples, 'georoute_upstream_attempt_duration_seconds_count', { deployment: frankfurt.id, region: 'eu-central-1', outcome: 'success' }) >= 4);
    assert.equal(sumOf(samples, 'georoute_upstream_attempt_duration_seconds_count', { deployment: virginia.id, outcome: 'unavailable' }), 2);

    // Spillover and refusals.
    assert.equal(sumOf(samples, 'georoute_spillover_requests_total', { source_region: 'eu-central-1', inference_region: spilled.inferenceRegion ?? '' }), 1);
    assert.equal(sumOf(samples, 'georoute_spillover_requests_total'), 1);
    assert.equal(sumOf(samples, 'georoute_refused_requests_total', { source_region: 'us-east-1', code: 'upstream_unavailable' }), 2);
    assert.equal(sumOf(samples, 'georoute_refused_requests_total', { code: 'profile_not_found', profile: 'none' }), 1);

    // Deployment gauges: breaker state, learned and declared limits, in flight, headroom.
    assert.equal(sumOf(samples, 'georoute_deployment_breaker_state', { deployment: virginia.id, state: 'open' }), 1);
    assert.equal(sumOf(samples, 'georoute_deployment_breaker_state', { deployment: virginia.id, state: 'closed' }), 0);
    assert.equal(sumOf(samples, 'georoute_deployment_breaker_state', { deployment: frankfurt.id, state: 'closed' }), 1);
    assert.equal(sumOf(samples, 'georoute_deployment_declared_limit', { deployment: frankfurt.id, limit: 'max_concurrent' }), 1);
    assert.equal(sumOf(samples, 'georoute_deployment_learned_limit', { deployment: frankfurt.id, limit: 'max_concurrent' }), 1);
    assert.ok(sumOf(samples, 'georoute_deployment_learned_limit', { deployment: frankfurt.id, limit: 'requests_per_minute' }) > 0);
    assert.equal(samplesOf(samples, 'georoute_deployment_in_flight').length, gw.loaded.catalog.deployments.length);
    assert.equal(sumOf(samples, 'georoute_deployment_in_flight'), 0, 'nothing running once the traffic is done');
    const headroom = samplesOf(samples, 'georoute_deployment_headroom_ratio');
    assert.ok(headroom.length > 0 && headroom.every((s) => s.value >= 0 && s.value <= 1));
    assert.equal(sumOf(samples, 'georoute_route_queue_waiting'), 0);
    assert.equal(sumOf(samples, 'georoute_route_queue_capacity'), 256);
    assert.equal(sumOf(samples, 'georoute_http_requests_in_flight'), 1, 'the scrape itself');

    // Audit commits: one observation per transaction, records per transaction add up to the requests.
    const committedRecords = sumOf(samples, 'georoute_audit_commit_batch_size_sum');
    assert.equal(committedRecords, sumOf(samples, 'georoute_requests_total'));
    assert.ok(sumOf(samples, 'georoute_audit_commit_duration_seconds_count', { outcome: 'success' }) >= 1);
    assert.equal(sumOf(samples, 'georoute_audit_commit_failures_total'), 0);

    // Default process metrics.
    assert.ok(sumOf(samples, 'process_resident_memory_bytes') > 0);
    assert.ok(samplesOf(samples, 'nodejs_eventloop_lag_seconds').length === 1);

    // Bounded labels: no request id anywhere.
    for (const id of requestIds) assert.ok(id && !text.includes(id), `request id ${id} in /metrics`);
  });

  it('passes promtool check metrics (naming conventions, HELP and TYPE) after traffic of every kind', { skip: PROMTOOL_SKIP }, async () => {
    const gw = (gateway = await startTestGateway());
    gw.simulator('us-east-1').setFaults({ outage: 'http-503' });
    assert.equal((await chat(gw)).status, 200);
    assert.equal((await chatStreamText(gw)).status, 200);
    assert.equal((await chat(gw, { source: 'us-east-1', model: NOVA_LITE })).status, 503);
    assert.equal((await chat(gw, { model: 'eu.no-such-model' })).status, 404);
    const { text } = await scrape(gw);
    const checked = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(checked.status, 0, `promtool check metrics: ${checked.stdout}${checked.stderr}`);
    assert.equal(`${checked.stdout}${checked.stderr}`.trim(), '', 'no lint findings');
  });
});
