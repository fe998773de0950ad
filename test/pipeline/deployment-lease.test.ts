/** The lease a request holds: complete or fail once, with the real token count; the capacity store hears each verdict. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { parseConfigText } from '../../src/config/load-config.js';
import { DeploymentLease } from '../../src/pipeline/deployment-lease.js';
import { InMemoryCapacityStore } from '../../src/routing/in-memory-capacity-store.js';
import { testConfig } from '../support/test-gateway.js';

const { catalog } = parseConfigText(stringify(testConfig({ regions: ['eu-central-1'] })), 'test.yaml');
const deployment = catalog.deployments[0] ?? assert.fail('a deployment');

async function leased(streaming: boolean) {
  const store = new InMemoryCapacityStore({ breaker: { failureThreshold: 3, openMs: 10_000 } });
  const lease = (await store.tryAcquire(deployment, 1_000, Date.now())) ?? assert.fail('capacity');
  return { store, lease: new DeploymentLease(lease, deployment, store, streaming) };
}

describe('DeploymentLease', () => {
  it('complete gives the slot back with the real tokens, once', async () => {
    const { store, lease } = await leased(false);
    await lease.complete({ inputTokens: 10, outputTokens: 5 });
    await lease.fail({ inputTokens: 999, outputTokens: 999 });
    lease.release(undefined);
    const snapshot = await store.snapshot(deployment, Date.now());
    assert.equal(snapshot.inFlight, 0);
    assert.equal(snapshot.tokensLastMinute, 15);
    assert.equal(snapshot.consecutiveFailures, 0, 'the later fail did nothing');
  });

  it('fail counts towards the breaker', async () => {
    const { store, lease } = await leased(true);
    await lease.fail({ inputTokens: 1, outputTokens: 1 });
    const snapshot = await store.snapshot(deployment, Date.now());
    assert.equal(snapshot.inFlight, 0);
    assert.equal(snapshot.consecutiveFailures, 1);
  });

  it('throttled gives the slot back as back-pressure: the breaker does not count it', async () => {
    const { store, lease } = await leased(true);
    const before = await store.snapshot(deployment, Date.now());
    await lease.throttled({ inputTokens: 1, outputTokens: 1 });
    await lease.fail(undefined);
    const snapshot = await store.snapshot(deployment, Date.now());
    assert.ok(snapshot.learnedMaxConcurrent < before.learnedMaxConcurrent || snapshot.learnedRequestsPerMinute < before.learnedRequestsPerMinute, 'the throttle lowered a learned limit');
    assert.equal(snapshot.inFlight, 0);
    assert.equal(snapshot.consecutiveFailures, 0);
  });
});
