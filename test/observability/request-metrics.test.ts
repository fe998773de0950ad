/** The per-request instruments on their own: bounded labels (application profiles folded, unknown regions closed). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { createRequestMetrics } from '../../src/observability/metrics/request-metrics.js';
import type { Catalog, Region } from '../../src/catalog/catalog-types.js';
import { appProfile, euProfile, makeCatalog, makeOutcome } from '../audit/audit-test-fixtures.js';
import { parsePrometheusText, sumOf } from '../../bench/lib/prometheus-text.js';

function catalogWithRegions(...ids: string[]): Catalog {
  const regions = new Map<string, Region>(ids.map((id) => [id, { id, name: id, country: 'DE', latitude: 0, longitude: 0 }]));
  return { ...makeCatalog(), regions };
}

async function samples(registry: Registry) {
  return parsePrometheusText(await registry.metrics());
}

describe('request metrics', () => {
  it('folds every application profile into one label value, keeps system profiles by id', async () => {
    const registry = new Registry();
    const observe = createRequestMetrics(registry, catalogWithRegions('eu-central-1', 'eu-west-3'));
    observe(makeOutcome({ profile: appProfile, requestedModelId: 'arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/app-search-prod' }));
    observe(makeOutcome({ profile: { ...appProfile, id: 'another-app' } }));
    observe(makeOutcome({ profile: euProfile }));
    observe(makeOutcome({ profile: undefined, status: 400, error: { code: 'invalid_request', message: 'x' }, inferenceRegionId: undefined }));
    const all = await samples(registry);
    assert.equal(sumOf(all, 'georoute_request_duration_seconds_count', { profile: 'application' }), 2);
    assert.equal(sumOf(all, 'georoute_request_duration_seconds_count', { profile: euProfile.id }), 1);
    assert.equal(sumOf(all, 'georoute_request_duration_seconds_count', { profile: 'none', outcome: 'error', inference_region: 'none' }), 1);
    assert.equal(sumOf(all, 'georoute_refused_requests_total', { code: 'invalid_request', profile: 'none' }), 1);
    assert.ok(all.every((s) => !Object.values(s.labels).some((v) => v.startsWith('arn:') || v === 'another-app' || v.startsWith('req-'))));
  });

  it('counts a spillover only for a success outside the source region, and closes the set of source regions', async () => {
    const registry = new Registry();
    const observe = createRequestMetrics(registry, catalogWithRegions('eu-central-1', 'eu-west-3'));
    observe(makeOutcome({ inferenceRegionId: 'eu-west-3' }));
    observe(makeOutcome({ inferenceRegionId: 'eu-west-3', status: 200, stream: true, error: { code: 'stream_interrupted', message: 'x' } }));
    observe(makeOutcome({ sourceRegionId: 'mars-north-1', inferenceRegionId: undefined, status: 400, error: { code: 'unknown_source_region', message: 'x' } }));
    observe(makeOutcome({ stream: true, firstTokenMs: 40, durationMs: 90 }));
    observe(makeOutcome({ inferenceRegionId: undefined, inferenceRegionCandidates: ['eu-west-1', 'eu-west-3'], attempts: [] }));
    const all = await samples(registry);
    assert.equal(sumOf(all, 'georoute_spillover_requests_total'), 1, 'a delegated request is no spillover the gateway can see');
    assert.equal(sumOf(all, 'georoute_request_duration_seconds_count', { inference_region: 'delegated', outcome: 'success' }), 1);
    assert.equal(sumOf(all, 'georoute_spillover_requests_total', { source_region: 'eu-central-1', inference_region: 'eu-west-3' }), 1);
    assert.equal(sumOf(all, 'georoute_refused_requests_total', { source_region: 'unknown' }), 1);
    assert.equal(sumOf(all, 'georoute_refused_requests_total'), 1, 'a stream cut after its 200 is an error, not a refusal');
    assert.equal(sumOf(all, 'georoute_time_to_first_token_seconds_count'), 1);
    assert.equal(sumOf(all, 'georoute_time_to_first_token_seconds_sum'), 0.04);
    assert.equal(sumOf(all, 'georoute_upstream_attempt_duration_seconds_count', { outcome: 'success' }), 3, 'the refused request made no attempt');
  });
});
