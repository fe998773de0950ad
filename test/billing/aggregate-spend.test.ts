import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSpendAggregator, parseSpendDimension, UNTAGGED } from '../../src/billing/aggregate-spend.js';
import { computeCost } from '../../src/billing/compute-cost.js';
import { buildAuditRecord } from '../../src/audit/build-audit-record.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import type { Model } from '../../src/catalog/catalog-types.js';
import type { RequestOutcome } from '../../src/pipeline/request-outcome.js';
import { appProfile, euProfile, makeCatalog, makeOutcome, makeProfile, novaLite } from '../audit/audit-test-fixtures.js';

const catalog = makeCatalog();

function recordOf(outcome: RequestOutcome, cat = catalog): AuditRecord {
  const cost = outcome.profile
    ? computeCost({ catalog: cat, discounts: {}, profile: outcome.profile, sourceRegionId: outcome.sourceRegionId, usage: outcome.usage ?? { inputTokens: 0, outputTokens: 0 } })
    : undefined;
  return buildAuditRecord(outcome, cost);
}

describe('spend aggregation', () => {
  it('parses the --by dimensions', () => {
    assert.deepEqual(parseSpendDimension('region'), { kind: 'region' });
    assert.deepEqual(parseSpendDimension('tag:team'), { kind: 'tag', key: 'team' });
    assert.throws(() => parseSpendDimension('tag:'), /use region, profile/);
    assert.throws(() => parseSpendDimension('color'), /use region, profile/);
  });

  it('sums by application-profile tag, with untagged requests in their own row', () => {
    const searchTeam = makeProfile('app-search-dev', { type: 'APPLICATION', tags: { team: 'search', env: 'dev' } });
    const ads = makeProfile('app-ads', { type: 'APPLICATION', tags: { team: 'ads' } });
    const aggregator = createSpendAggregator(parseSpendDimension('tag:team'));
    for (const outcome of [
      makeOutcome({ profile: appProfile }),
      makeOutcome({ profile: searchTeam, usage: { inputTokens: 10, outputTokens: 20 } }),
      makeOutcome({ profile: ads, sourceRegionId: 'eu-west-1' }),
      makeOutcome({ profile: euProfile }),
    ]) aggregator.add(recordOf(outcome));
    const rows = aggregator.rows();
    assert.deepEqual(rows.map((r) => [r.key, r.requests, r.inputTokens, r.outputTokens, r.micros]), [
      [UNTAGGED, 1, 1000, 500, '216'],
      ['ads', 1, 1000, 500, '180'],
      ['search', 2, 1010, 520, '222'], // 216 + (10 x 0.072 + 20 x 0.288 = 6.48 micros) = 222.48
    ]);
    assert.equal(rows[2].picos, '222480000');
    assert.deepEqual(aggregator.totals().map((t) => [t.key, t.requests, t.micros, t.amount]), [['total', 4, '618', '0.000618']]);
  });

  it('adds exact amounts and rounds once: three 0.36-micro requests make 1 micro, not 0', () => {
    const aggregator = createSpendAggregator({ kind: 'identity' });
    for (let i = 0; i < 3; i++) {
      // 5 input tokens at 0.072 micros each (Frankfurt) = 0.36 micros, which alone rounds to 0
      aggregator.add(recordOf(makeOutcome({ usage: { inputTokens: 5, outputTokens: 0 } })));
    }
    const [row] = aggregator.rows();
    assert.equal(row.key, 'team-search');
    assert.equal(row.picos, '1080000');
    assert.equal(row.micros, '1');
  });

  it('never adds different currencies together', () => {
    const euro: Model = { ...novaLite(), id: 'mistral', currency: 'EUR', regionPrices: new Map() };
    const cat = makeCatalog([novaLite(), euro]);
    const aggregator = createSpendAggregator({ kind: 'region' });
    aggregator.add(recordOf(makeOutcome(), cat));
    aggregator.add(recordOf(makeOutcome({ profile: makeProfile('eu.mistral', { modelId: 'mistral' }) }), cat));
    assert.deepEqual(aggregator.rows().map((r) => [r.key, r.currency, r.micros]), [
      ['eu-central-1', 'EUR', '180'],
      ['eu-central-1', 'USD', '216'],
    ]);
    assert.equal(aggregator.totals().length, 2);
  });

  it('leaves out requests that have no cost (profile never resolved)', () => {
    const aggregator = createSpendAggregator({ kind: 'profile' });
    aggregator.add(recordOf(makeOutcome({ profile: undefined, status: 404, error: { code: 'profile_not_found', message: 'no such profile' } })));
    assert.deepEqual(aggregator.rows(), []);
  });
});
