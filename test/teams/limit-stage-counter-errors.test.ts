/**
 * The limit stage's accounting when the usage counters cannot be written: the additions of one turn of the event
 * loop are written together, so one failed write rejects every request of the batch with the same error. It is
 * reported once, not once per request; a later failure (another error) is reported again.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Catalog } from '../../src/catalog/catalog-types.js';
import { createLimitStage } from '../../src/limits/limit-stage.js';
import type { SqlUsageCounterStore } from '../../src/limits/sql-usage-counter-store.js';
import type { RequestOutcome } from '../../src/pipeline/request-outcome.js';

const MODEL = 'acme.model-v1';
const catalog = {
  models: new Map([[MODEL, { price: { inputMicrosPerMillion: 1_000_000, outputMicrosPerMillion: 2_000_000 }, currency: 'USD', regionPrices: new Map() }]]),
} as unknown as Catalog;

function outcome(id: string): RequestOutcome {
  return {
    eventTime: '2026-12-03T12:00:00.000Z',
    sourceRegionId: 'eu-central-1',
    identity: { type: 'api-key', id, limits: { tokensPerMinute: 1_000, currency: 'USD' } },
    profile: { id: `eu.${MODEL}`, modelId: MODEL, pricingTier: 'geographic' },
    usage: { inputTokens: 10, outputTokens: 5 },
  } as unknown as RequestOutcome;
}

describe('limit stage: a failed counter write', () => {
  it('is reported once for the whole batch, and a new failure again', async () => {
    let write: Promise<void> | undefined;
    let additions = 0;
    const counters = {
      add: (list: readonly unknown[]) => {
        additions += list.length;
        write ??= Promise.reject(new Error('state database unreachable'));
        return write;
      },
    } as unknown as SqlUsageCounterStore;
    const reported: unknown[] = [];
    const stage = createLimitStage({ counters, teamLimits: () => undefined, catalog, discounts: {} as never, onError: (error) => reported.push(error) });
    for (const id of ['key_a', 'key_b', 'key_c']) stage.account(outcome(id));
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(additions >= 3, 'every request added its usage');
    assert.equal(reported.length, 1, 'one report for the one failed write');
    assert.match(String(reported[0]), /state database unreachable/);

    write = undefined;
    stage.account(outcome('key_d'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(reported.length, 2, 'the next failed write is reported too');
  });
});
