import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeCost } from '../../src/billing/compute-cost.js';
import { parseDiscountBasisPoints, assertValidDiscounts } from '../../src/billing/discount-basis-points.js';
import { appProfile, euProfile, globalProfile, makeCatalog, makeProfile, novaLite } from '../audit/audit-test-fixtures.js';
import type { Model } from '../../src/catalog/catalog-types.js';

const catalog = makeCatalog();

describe('computeCost', () => {
  it('charges the source region price (regionPrices override) whatever region processed the request', () => {
    const cost = computeCost({ catalog, discounts: {}, profile: euProfile, sourceRegionId: 'eu-central-1', usage: { inputTokens: 1000, outputTokens: 500 } });
    // 1000 x 72 000 + 500 x 288 000 = 216 000 000 picos = 216 micros
    assert.equal(cost.picos, '216000000');
    assert.equal(cost.micros, 216);
    assert.equal(cost.priceSource, 'region');
    assert.equal(cost.currency, 'USD');
    assert.equal(cost.pricingTier, 'geographic');
    assert.equal(cost.discountBasisPoints, 0);
  });

  it("falls back to the model's price for a source region without an override", () => {
    const cost = computeCost({ catalog, discounts: {}, profile: euProfile, sourceRegionId: 'eu-west-1', usage: { inputTokens: 1000, outputTokens: 500 } });
    assert.equal(cost.picos, '180000000'); // 60 000 000 + 120 000 000
    assert.equal(cost.priceSource, 'model');
  });

  it('applies the discount of the profile pricing tier in basis points', () => {
    const discounts = { global: '10', geographic: '0' };
    const usage = { inputTokens: 1000, outputTokens: 500 };
    const geo = computeCost({ catalog, discounts, profile: euProfile, sourceRegionId: 'eu-west-1', usage });
    const global = computeCost({ catalog, discounts, profile: globalProfile, sourceRegionId: 'eu-west-1', usage });
    assert.equal(geo.micros, 180);
    assert.equal(global.micros, 162);
    assert.equal(global.picos, '162000000');
    assert.equal(global.discountBasisPoints, 1000);
    assert.equal(global.pricingTier, 'global');
  });

  it('is exact at the smallest amounts: 1 token at 1 micro per million is 1 pico', () => {
    const tiny: Model = { ...novaLite(), price: { inputMicrosPerMillion: 1, outputMicrosPerMillion: 1 }, regionPrices: new Map() };
    const cost = computeCost({ catalog: makeCatalog([tiny]), discounts: {}, profile: euProfile, sourceRegionId: 'eu-west-1', usage: { inputTokens: 1, outputTokens: 0 } });
    assert.equal(cost.picos, '1');
    assert.equal(cost.attos, 1_000_000n);
    assert.equal(cost.micros, 0);
    const discounted = computeCost({ catalog: makeCatalog([tiny]), discounts: { geographic: '12.5' }, profile: euProfile, sourceRegionId: 'eu-west-1', usage: { inputTokens: 1, outputTokens: 0 } });
    assert.equal(discounted.picos, '0.875');
  });

  it('rounds micros half-up from the exact picos', () => {
    const m: Model = { ...novaLite(), price: { inputMicrosPerMillion: 500_000, outputMicrosPerMillion: 1_499_999 }, regionPrices: new Map() };
    const half = computeCost({ catalog: makeCatalog([m]), discounts: {}, profile: euProfile, sourceRegionId: 'x', usage: { inputTokens: 1, outputTokens: 0 } });
    assert.equal(half.picos, '500000');
    assert.equal(half.micros, 1); // 0.5 micro rounds up
    const below = computeCost({ catalog: makeCatalog([m]), discounts: {}, profile: euProfile, sourceRegionId: 'x', usage: { inputTokens: 0, outputTokens: 1 } });
    assert.equal(below.micros, 1); // 1.499999 rounds down
  });

  it('stays exact past 2^53 picos', () => {
    const m: Model = { ...novaLite(), price: { inputMicrosPerMillion: 75_000_000, outputMicrosPerMillion: 0 }, regionPrices: new Map() };
    const cost = computeCost({ catalog: makeCatalog([m]), discounts: { geographic: '33.33' }, profile: euProfile, sourceRegionId: 'x', usage: { inputTokens: 2 ** 40 + 7, outputTokens: 0 } });
    const gross = (2n ** 40n + 7n) * 75_000_000n;
    assert.equal(cost.attos, gross * 6667n * 100n);
    const tenThousandths = gross * 6667n;
    const fraction = (tenThousandths % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
    assert.ok(tenThousandths / 10_000n > 2n ** 53n);
    assert.equal(cost.picos, fraction ? `${tenThousandths / 10_000n}.${fraction}` : `${tenThousandths / 10_000n}`);
  });

  it('is additive: the cost of two parts of a usage sums to the cost of the whole, to the atto', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 10_000_000 }), fc.nat({ max: 10_000_000 }), fc.nat({ max: 10_000_000 }), fc.nat({ max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (in1, out1, in2, out2, bp) => {
          const discounts = { global: `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}` };
          const at = (inputTokens: number, outputTokens: number) =>
            computeCost({ catalog, discounts, profile: globalProfile, sourceRegionId: 'eu-central-1', usage: { inputTokens, outputTokens } }).attos;
          assert.equal(at(in1, out1) + at(in2, out2), at(in1 + in2, out1 + out2));
        },
      ),
    );
  });

  it('prices application profiles at their own tier with their copied model', () => {
    const cost = computeCost({ catalog, discounts: { geographic: '5' }, profile: appProfile, sourceRegionId: 'eu-central-1', usage: { inputTokens: 1_000_000, outputTokens: 0 } });
    assert.equal(cost.micros, 68_400); // 72 000 less 5 %
  });

  it('refuses negative or fractional token counts and unknown models', () => {
    assert.throws(() => computeCost({ catalog, discounts: {}, profile: euProfile, sourceRegionId: 'x', usage: { inputTokens: -1, outputTokens: 0 } }), /non-negative integer/);
    assert.throws(() => computeCost({ catalog, discounts: {}, profile: euProfile, sourceRegionId: 'x', usage: { inputTokens: 1.5, outputTokens: 0 } }), /non-negative integer/);
    assert.throws(() => computeCost({ catalog, discounts: {}, profile: makeProfile('p', { modelId: 'nope' }), sourceRegionId: 'x', usage: { inputTokens: 1, outputTokens: 0 } }), /not in the catalog/);
  });
});

describe('parseDiscountBasisPoints', () => {
  it('parses percent text exactly', () => {
    assert.equal(parseDiscountBasisPoints('10'), 1000);
    assert.equal(parseDiscountBasisPoints('12.5'), 1250);
    assert.equal(parseDiscountBasisPoints('0.01'), 1);
    assert.equal(parseDiscountBasisPoints('33.330000'), 3333);
    assert.equal(parseDiscountBasisPoints('100'), 10_000);
    assert.equal(parseDiscountBasisPoints('0'), 0);
  });

  it('refuses what is not a basis point or beyond 100 %', () => {
    assert.throws(() => parseDiscountBasisPoints('12.345'), /finer than a basis point/);
    assert.throws(() => parseDiscountBasisPoints('100.01'), /more than 100/);
    assert.throws(() => parseDiscountBasisPoints('-1'), /not a non-negative/);
    assert.throws(() => parseDiscountBasisPoints('1e2'), /not a non-negative/);
    assert.throws(() => assertValidDiscounts({ global: '10.001' }), /pricing\.discounts\.global/);
  });
});
