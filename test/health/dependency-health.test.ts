/** The readiness check: bounded per dependency, coalesced and briefly cached, and never quoting an error message. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReadinessCheck, type HealthCheck } from '../../src/observability/dependency-health.js';
import { createGatewayHealth } from '../../src/gateway/gateway-health.js';

const ready: HealthCheck = { checkHealth: async () => ({ ready: true }) };

describe('readiness check', () => {
  it('is ready only when every dependency is', async () => {
    const down: HealthCheck = { checkHealth: async () => ({ ready: false, detail: 'down' }) };
    assert.deepEqual(await createReadinessCheck({ a: ready, b: ready })(), { ready: true, dependencies: { a: { ready: true }, b: { ready: true } } });
    assert.deepEqual(await createReadinessCheck({ a: ready, b: down })(), { ready: false, dependencies: { a: { ready: true }, b: { ready: false, detail: 'down' } } });
  });

  it('counts a check that never answers as not ready', async () => {
    const hangs: HealthCheck = { checkHealth: () => new Promise(() => undefined) };
    const report = await createReadinessCheck({ hangs, ready }, { timeoutMs: 50 })();
    assert.equal(report.ready, false);
    assert.deepEqual(report.dependencies.hangs, { ready: false, detail: 'no answer within 50 ms' });
  });

  it('names a thrown error by class and code, never by its message', async () => {
    const throws: HealthCheck = {
      checkHealth: async () => {
        throw Object.assign(new Error('password=secret in the URL'), { code: 'ECONNREFUSED' });
      },
    };
    const report = await createReadinessCheck({ throws })();
    assert.deepEqual(report.dependencies.throws, { ready: false, detail: 'Error ECONNREFUSED' });
  });

  it('shares one round of checks between concurrent probes and reuses it for cacheMs', async () => {
    let calls = 0;
    let clock = 0;
    const counted: HealthCheck = { checkHealth: async () => ({ ready: ++calls > 0 }) };
    const check = createReadinessCheck({ counted }, { cacheMs: 500, now: () => clock });
    await Promise.all([check(), check(), check()]);
    assert.equal(calls, 1);
    clock = 499;
    await check();
    assert.equal(calls, 1);
    clock = 500;
    await check();
    assert.equal(calls, 2);
  });
});

describe('gateway readiness', () => {
  it('is not ready while starting or draining, whatever the dependencies say', async () => {
    const health = createGatewayHealth({ ready });
    assert.equal((await health.readiness()).status, 'starting');
    health.setState('serving');
    assert.deepEqual(await health.readiness(), { ready: true, status: 'ready', dependencies: { ready: { ready: true } } });
    health.setState('draining');
    assert.deepEqual(await health.readiness(), { ready: false, status: 'draining', dependencies: { ready: { ready: true } } });
  });
});
