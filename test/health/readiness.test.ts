/**
 * Liveness and readiness against real dependencies: a private redis-server killed by its pid (the capacity store
 * unreachable) and an audit store whose table was dropped make `/healthz/ready` (and `/healthz`) answer 503 while
 * `/healthz/live` stays 200; both recover by themselves when the dependency returns.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { after, before, describe, it } from 'node:test';
import { chat, waitUntil } from '../drills/drill-kit.js';
import { startPrivateRedisServer, type PrivateRedisServer } from '../support/private-redis-server.js';
import { startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { sqliteAuditStorePath } from '../../src/audit/sqlite-audit-store.js';

interface HealthAnswer {
  status: number;
  body: { status: string; ready?: boolean; dependencies?: Record<string, { ready: boolean; detail?: string }>; regions?: number };
}

async function health(gateway: TestGateway, path: string): Promise<HealthAnswer> {
  const response = await fetch(`${gateway.url}${path}`, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: (await response.json()) as HealthAnswer['body'] };
}

/** Readiness answers are cached for half a second: wait for the one that says what we expect. */
function readyStatusBecomes(gateway: TestGateway, status: number): Promise<HealthAnswer> {
  return waitUntil(`/healthz/ready to answer ${status}`, async () => {
    const answer = await health(gateway, '/healthz/ready');
    return answer.status === status ? answer : undefined;
  }, 10_000);
}

describe('liveness and readiness', () => {
  describe('with the in-process capacity store and SQLite audit', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await startTestGateway(testConfig({ regions: ['eu-central-1'] }));
    });
    after(() => gateway.close());

    it('is live and ready, and names its dependencies', async () => {
      assert.deepEqual(await health(gateway, '/healthz/live'), { status: 200, body: { status: 'live' } });
      const ready = await health(gateway, '/healthz/ready');
      assert.equal(ready.status, 200);
      assert.equal(ready.body.status, 'ready');
      assert.deepEqual(ready.body.dependencies, { capacityStore: { ready: true }, audit: { ready: true }, stateStore: { ready: true } });
      const legacy = await health(gateway, '/healthz');
      assert.equal(legacy.status, 200);
      assert.equal(legacy.body.status, 'ready');
      assert.equal(legacy.body.regions, 8);
    });

    it('is not ready while the audit store cannot take records, and ready again once it can', async () => {
      assert.equal((await chat(gateway, { model: 'amazon.nova-2-lite-v1:0' })).status, 200, 'opens the store of eu-central-1');
      const path = sqliteAuditStorePath(gateway.dataDir, 'eu-central-1');
      const db = new Database(path);
      db.exec('ALTER TABLE audit_records RENAME TO audit_records_moved');
      try {
        const down = await readyStatusBecomes(gateway, 503);
        assert.equal(down.body.status, 'not_ready');
        assert.equal(down.body.dependencies?.audit.ready, false);
        assert.match(down.body.dependencies?.audit.detail ?? '', /audit store .* cannot be read/);
        assert.equal(down.body.dependencies?.capacityStore.ready, true);
        assert.equal((await health(gateway, '/healthz')).status, 503, '/healthz is readiness');
        assert.equal((await health(gateway, '/healthz/live')).status, 200, 'a dependency never makes the process unlive');
      } finally {
        db.exec('ALTER TABLE audit_records_moved RENAME TO audit_records');
        db.close();
      }
      await readyStatusBecomes(gateway, 200);
    });
  });

  describe('with Redis as the capacity store', () => {
    let redis: PrivateRedisServer;
    let gateway: TestGateway;
    before(async () => {
      redis = await startPrivateRedisServer();
      const config = testConfig({ regions: ['eu-central-1'] });
      gateway = await startTestGateway(
        { ...config, routing: { ...(config.routing as Record<string, unknown>), capacityStore: { kind: 'redis', urlEnv: 'READINESS_REDIS_URL' } } },
        { env: { ...process.env, READINESS_REDIS_URL: redis.url } },
      );
    });
    after(async () => {
      await gateway?.close();
      await redis?.close();
    });

    it('answers 503 on /healthz/ready while Redis is down, stays live, and is ready again when Redis returns', async () => {
      assert.equal((await health(gateway, '/healthz/ready')).status, 200);
      await redis.kill();
      const down = await readyStatusBecomes(gateway, 503);
      assert.equal(down.body.dependencies?.capacityStore.ready, false);
      assert.ok(down.body.dependencies?.capacityStore.detail, 'says why');
      assert.equal(down.body.dependencies?.audit.ready, true);
      assert.equal((await health(gateway, '/healthz/live')).status, 200);
      assert.equal((await chat(gateway)).status, 503, 'inference fails closed meanwhile');

      await redis.restart();
      const up = await readyStatusBecomes(gateway, 200);
      assert.equal(up.body.status, 'ready');
      assert.equal((await chat(gateway)).status, 200);
    });
  });
});
