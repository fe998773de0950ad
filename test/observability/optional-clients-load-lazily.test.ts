/**
 * A gateway loads the OTLP exporter and tracing SDK only when tracing is on, and the Redis client only when Redis is
 * configured: a single-replica gateway without tracing carries neither in memory. Both are CommonJS packages, so
 * whether they were loaded shows in the module cache.
 */
import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { startTestGateway, testConfig } from '../support/test-gateway.js';
import { TEST_REDIS_URL, deleteKeys, uniquePrefix } from '../routing/redis-test-kit.js';

const loaded = (packageName: string): boolean =>
  Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes(`/node_modules/${packageName}/`));

test('without tracing or Redis, neither the OTLP exporter nor ioredis is loaded; with tracing, the exporter is; with Redis, ioredis', async () => {
  const plain = await startTestGateway(testConfig());
  try {
    const response = await fetch(`${plain.url}/healthz`);
    assert.equal(response.status, 200);
  } finally {
    await plain.close();
  }
  assert.equal(loaded('@opentelemetry/exporter-trace-otlp-http'), false);
  assert.equal(loaded('@opentelemetry/sdk-trace'), false);
  assert.equal(loaded('ioredis'), false);

  const traced = await startTestGateway({ ...testConfig(), observability: { tracing: { enabled: true, endpoint: 'http://127.0.0.1:9/v1/traces' } } });
  await traced.close();
  assert.equal(loaded('@opentelemetry/exporter-trace-otlp-http'), true);
  assert.equal(loaded('@opentelemetry/sdk-trace'), true);
  assert.equal(loaded('ioredis'), false);

  const keyPrefix = uniquePrefix('lazy-clients');
  const config = testConfig();
  const shared = await startTestGateway(
    { ...config, routing: { ...(config.routing as Record<string, unknown>), capacityStore: { kind: 'redis', urlEnv: 'LAZY_TEST_REDIS_URL', keyPrefix } } },
    { env: { ...process.env, LAZY_TEST_REDIS_URL: TEST_REDIS_URL } },
  );
  try {
    assert.equal(loaded('ioredis'), true);
  } finally {
    await shared.close();
    await deleteKeys(keyPrefix);
  }
});
