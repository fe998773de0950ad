/**
 * A gateway loads the OTLP exporter and tracing SDK only when tracing is on, and the Redis client only when Redis is
 * configured: a single-replica gateway without tracing carries neither in memory. Both are CommonJS packages, so
 * whether they were loaded shows in the module cache.
 */
import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { startTestGateway, testConfig } from '../support/test-gateway.js';

const loaded = (packageName: string): boolean =>
  Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes(`/node_modules/${packageName}/`));

test('without tracing or Redis, neither the OTLP exporter nor ioredis is loaded; with tracing on, the exporter is', async () => {
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
});
