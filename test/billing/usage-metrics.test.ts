import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry, register as globalRegistry } from 'prom-client';
import { createUsageMetrics } from '../../src/billing/usage-metrics.js';
import { computeCost } from '../../src/billing/compute-cost.js';
import { euProfile, makeCatalog, makeOutcome } from '../audit/audit-test-fixtures.js';

const catalog = makeCatalog();

async function value(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const entry = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return entry?.value;
}

describe('usage metrics', () => {
  it('counts requests, tokens and cost by source region, inference region, profile and outcome', async () => {
    const registry = new Registry();
    const metrics = createUsageMetrics(registry);
    const spill = makeOutcome({ inferenceRegionId: 'eu-west-3' });
    metrics.observe(spill, computeCost({ catalog, discounts: {}, profile: euProfile, sourceRegionId: 'eu-central-1', usage: spill.usage! }));
    const failed = makeOutcome({ inferenceRegionId: undefined, usage: undefined, status: 429, error: { code: 'no_capacity', message: 'x' } });
    metrics.observe(failed, undefined);
    const labels = { source_region: 'eu-central-1', inference_region: 'eu-west-3', profile: euProfile.id, outcome: 'success' };
    assert.equal(await value(registry, 'georoute_requests_total', labels), 1);
    assert.equal(await value(registry, 'georoute_input_tokens_total', labels), 1000);
    assert.equal(await value(registry, 'georoute_output_tokens_total', labels), 500);
    assert.equal(await value(registry, 'georoute_cost_micros_total', { ...labels, currency: 'USD' }), 216);
    assert.equal(await value(registry, 'georoute_requests_total', { inference_region: 'none', outcome: 'failure' }), 1);
    assert.equal((await globalRegistry.getMetricsAsJSON()).some((m) => m.name.startsWith('georoute_')), false);
  });

  it('follows the exact cost sum, so small requests do not round away', async () => {
    const registry = new Registry();
    const metrics = createUsageMetrics(registry);
    for (let i = 0; i < 10; i++) {
      const outcome = makeOutcome({ usage: { inputTokens: 5, outputTokens: 0 } }); // 0.36 micros each
      metrics.observe(outcome, computeCost({ catalog, discounts: {}, profile: euProfile, sourceRegionId: 'eu-central-1', usage: outcome.usage! }));
    }
    assert.equal(await value(registry, 'georoute_cost_micros_total', { currency: 'USD' }), 4); // round(3.6)
  });

  it('sums each label set across requests, and has token series only for label sets that reported usage', async () => {
    const registry = new Registry();
    const metrics = createUsageMetrics(registry);
    for (let i = 0; i < 3; i++) metrics.observe(makeOutcome({ usage: { inputTokens: 10, outputTokens: 2, cacheReadInputTokens: 4 } }), undefined);
    metrics.observe(makeOutcome({ inferenceRegionId: undefined, usage: undefined, status: 503, error: { code: 'no_capacity', message: 'x' } }), undefined);
    const ok = { inference_region: 'eu-central-1', outcome: 'success' };
    assert.equal(await value(registry, 'georoute_requests_total', ok), 3);
    assert.equal(await value(registry, 'georoute_input_tokens_total', ok), 30);
    assert.equal(await value(registry, 'georoute_output_tokens_total', ok), 6);
    assert.equal(await value(registry, 'georoute_cache_read_input_tokens_total', ok), 12);
    assert.equal(await value(registry, 'georoute_cache_write_input_tokens_total', ok), 0);
    assert.equal(await value(registry, 'georoute_requests_total', { inference_region: 'none', outcome: 'failure' }), 1);
    assert.equal(await value(registry, 'georoute_input_tokens_total', { inference_region: 'none' }), undefined, 'no token series without usage');
    // A second scrape reports the same totals (the counters are rebuilt from the sums, not added to again).
    assert.equal(await value(registry, 'georoute_requests_total', ok), 3);
    assert.match(await registry.metrics(), /georoute_input_tokens_total\{source_region="eu-central-1",inference_region="eu-central-1",profile="[^"]+",outcome="success"\} 30/);
  });

  it('refuses a token count that is not a finite, non-negative number, and keeps the totals scrapeable', async () => {
    const registry = new Registry();
    const metrics = createUsageMetrics(registry);
    assert.throws(() => metrics.observe(makeOutcome({ usage: { inputTokens: Number.NaN, outputTokens: 1 } }), undefined), /not a token count/);
    assert.throws(() => metrics.observe(makeOutcome({ usage: { inputTokens: 1, outputTokens: -1 } }), undefined), /not a token count/);
    await assert.doesNotReject(registry.metrics());
  });
});
