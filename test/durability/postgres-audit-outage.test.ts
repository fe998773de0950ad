/**
 * PostgreSQL going away under a gateway with `audit.store: postgres`, for real: a private instance is stopped
 * (fast shutdown) under load, restarted, then frozen with SIGSTOP and thawed. The process survives, no response is
 * sent without its committed record (the rest get the audit error), requests never hang past the timeouts, readiness
 * says so, and the gateway recovers by itself when the database is back. Afterwards the chain verifies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { request } from 'undici';
import { openAuditStoresForRead } from '../../src/audit/open-audit-stores.js';
import { verifyAuditStore } from '../../src/audit/verify-audit-store.js';
import { parseAuditRecordJson } from '../../src/audit/link-audit-records.js';
import { postgresBinDir, startPrivatePostgresServer, type PrivatePostgresServer } from '../support/private-postgres-server.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

const URL_ENV = 'GEOROUTE_FAULT_PG_URL';
const STATEMENT_TIMEOUT_MS = 1_500;
const CONNECT_TIMEOUT_MS = 1_000;
/** Generous: only tells "answered after the timeouts" from "hung". */
const HANG_BOUND_MS = 4 * (STATEMENT_TIMEOUT_MS + CONNECT_TIMEOUT_MS);

interface Answer { status: number; requestId: string; text: string; elapsedMs: number }

describe('PostgreSQL audit store going away', { skip: postgresBinDir() ? undefined : 'no PostgreSQL binaries' }, () => {
  let server: PrivatePostgresServer;
  let gateway: TestGateway;
  const audit = {
    enabled: true,
    store: 'postgres',
    postgres: { urlEnv: URL_ENV, schemaPrefix: 'georoute_fault', connectTimeoutMs: CONNECT_TIMEOUT_MS, statementTimeoutMs: STATEMENT_TIMEOUT_MS },
    commit: { maxBatch: 64, maxDelayMs: 0, failFastMs: 300 },
  };
  const env = () => ({ ...process.env, [URL_ENV]: server.url });

  before(async () => {
    server = await startPrivatePostgresServer();
    gateway = await startTestGateway(testConfig({ regions: ['eu-central-1'], maxConcurrent: 64, overrides: { audit } }), { env: env() });
  });
  after(async () => {
    await gateway?.close();
    await server?.close();
  });

  const chat = async (): Promise<Answer> => {
    const started = Date.now();
    const response = await request(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: NOVA_LITE, messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 }),
    });
    const text = await response.body.text();
    return { status: response.statusCode, requestId: String(response.headers['x-request-id']), text, elapsedMs: Date.now() - started };
  };
  const ready = async () => (await request(`${gateway.url}/healthz/ready`)).statusCode;
  /** Readiness answers are cached for a moment (docs/server-layer.md), so recovery shows there within a few seconds. */
  const readyAgain = async () => {
    for (let i = 0; i < 50; i++) {
      if ((await ready()) === 200) return 200;
      await new Promise((r) => setTimeout(r, 100));
    }
    return ready();
  };
  const burst = (n: number) => Promise.all(Array.from({ length: n }, chat));
  const served: string[] = [];
  const expectWithheldOrServed = (answers: Answer[]) => {
    for (const a of answers) {
      if (a.status === 200) served.push(a.requestId);
      else assert.match(a.text, /audit record could not be committed/, `status ${a.status}: ${a.text}`);
      assert.ok(a.elapsedMs < HANG_BOUND_MS, `an answer took ${a.elapsedMs} ms`);
    }
  };
  const waitForRecovery = async () => {
    for (let i = 0; i < 100; i++) {
      const answer = await chat();
      if (answer.status === 200) return void served.push(answer.requestId);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail('the gateway did not recover after PostgreSQL came back');
  };

  it('survives a fast shutdown under load, withholds responses meanwhile and recovers by itself', async () => {
    expectWithheldOrServed(await burst(8));
    assert.equal(served.length, 8);
    // Stop while a burst is in flight: connections are terminated under the pool's feet.
    const inFlight = burst(24);
    await server.stop();
    expectWithheldOrServed(await inFlight);
    const down = await burst(6);
    expectWithheldOrServed(down);
    assert.ok(down.every((a) => a.status === 500), 'no response without its record while the store is down');
    assert.equal(await ready(), 503, 'not ready while PostgreSQL is down');
    await server.start();
    await waitForRecovery();
    assert.equal(await readyAgain(), 200);
  });

  it('does not hang on a frozen PostgreSQL, and recovers when it thaws', async () => {
    server.freeze();
    try {
      const frozen = await burst(6);
      expectWithheldOrServed(frozen);
      assert.ok(frozen.every((a) => a.status === 500), 'no response without its record while the store is frozen');
    } finally {
      server.thaw();
    }
    await waitForRecovery();
  });

  it('has a record for every response it completed, and the chain verifies', async () => {
    const { stores, close } = await openAuditStoresForRead({ config: gateway.loaded.config.audit, dataDir: gateway.dataDir, env: env() });
    try {
      assert.equal(stores.length, 1);
      const result = await verifyAuditStore(stores[0]);
      assert.equal(result.ok, true, JSON.stringify(result.firstBad));
      const recorded = new Set((await stores[0].readChain(0, 100_000)).map((row) => parseAuditRecordJson(row.recordJson).requestID));
      for (const id of served) assert.ok(recorded.has(id), `response ${id} has no record`);
    } finally {
      await close();
    }
    const direct = new pg.Client({ connectionString: server.url });
    await direct.connect();
    await direct.end();
  });
});
