import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { computeCost } from '../../src/billing/compute-cost.js';
import { createUsageMetrics } from '../../src/billing/usage-metrics.js';
import { euProfile, makeCatalog, makeOutcome, novaLite } from '../audit/audit-test-fixtures.js';

describe('prompt-cache tokens: cost and metrics', () => {
  const usage = { inputTokens: 100, outputTokens: 10, cacheReadInputTokens: 1000, cacheWriteInputTokens: 2000 };

  it('prices cache reads and writes at the model\'s cache prices, exactly', () => {
    const model = { ...novaLite(), regionPrices: new Map(), price: { inputMicrosPerMillion: 3_000_000, outputMicrosPerMillion: 15_000_000, cacheReadMicrosPerMillion: 300_000, cacheWriteMicrosPerMillion: 3_750_000 } };
    const cost = computeCost({ catalog: makeCatalog([model]), discounts: {}, profile: euProfile, sourceRegionId: 'eu-west-1', usage });
    assert.equal(cost.picos, String(100 * 3_000_000 + 10 * 15_000_000 + 1000 * 300_000 + 2000 * 3_750_000));
  });

  it('bills cached tokens at the input price when the model has no cache prices', () => {
    const model = { ...novaLite(), regionPrices: new Map() };
    const cost = computeCost({ catalog: makeCatalog([model]), discounts: {}, profile: euProfile, sourceRegionId: 'eu-west-1', usage });
    assert.equal(cost.picos, String((100 + 1000 + 2000) * 60_000 + 10 * 240_000));
  });

  it('counts cache tokens in their own metrics', async () => {
    const registry = new Registry();
    createUsageMetrics(registry).observe(makeOutcome({ usage }), undefined);
    const metrics = await registry.getMetricsAsJSON();
    const total = (name: string) => metrics.find((m) => m.name === name)?.values.reduce((sum, v) => sum + v.value, 0);
    assert.equal(total('georoute_cache_read_input_tokens_total'), 1000);
    assert.equal(total('georoute_cache_write_input_tokens_total'), 2000);
    assert.equal(total('georoute_input_tokens_total'), 100);
  });
});
