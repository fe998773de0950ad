/**
 * Three gateway processes behind one PostgreSQL schema (keys, budgets, application profiles, replica traffic, audit),
 * one Redis key prefix (capacity, health, session affinity) and one set of region simulators: limits hold as one,
 * revocations and application profiles reach every replica, sessions keep their deployment across replicas, the
 * dashboard of one replica shows the others' traffic, and a killed replica loses no audit record of a completed
 * response and leaks no capacity. The machine's PostgreSQL and Redis, in a schema and prefix of this run's own.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { startGatewayProcess, writeConfigFile, type GatewayProcess } from '../support/gateway-process.js';
import { NOVA_LITE, testConfig } from '../support/test-gateway.js';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../routing/redis-test-kit.js';
import { dropSchemas, postgresUnreachable, TEST_POSTGRES_URL, uniqueSchema } from './postgres-test-kit.js';
import { ADMIN_KEY, chat, eventually, startEarlyInAMinute, STATE_SECRET } from './teams-test-kit.js';

const unreachable = await postgresUnreachable();
const schema = uniqueSchema('replicas');
const redisPrefix = uniquePrefix('replicas');
const REFRESH_MS = 500;
const SIM_REGIONS = ['eu-central-1', 'eu-west-1', 'eu-west-3'];

async function admin<T>(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as T };
}

async function newKey(url: string, body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const created = await admin<{ key: { id: string }; apiKey: string }>(url, 'POST', '/admin/keys', body);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { id: created.body.key.id, secret: created.body.apiKey };
}

/** Waits until every replica knows a key created after the ones a check depends on (changes apply in revision order). */
async function everyReplicaSees(urls: readonly string[], via: string): Promise<void> {
  const probe = await newKey(via, { name: 'probe' });
  for (const url of urls) await eventually(async () => (await chat(url, probe.secret, NOVA_LITE)).status === 200, `the probe key on ${url}`);
}

describe('three replicas, one state', { skip: unreachable, timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'georoute-replicas-'));
  const simulators: RunningSimulator[] = [];
  const replicas: GatewayProcess[] = [];
  let urls: string[] = [];
  const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 2 });

  before(async () => {
    for (const region of SIM_REGIONS) simulators.push(await startRegionSimulator({ regionId: region, timeToFirstTokenMs: 5, tokensPerSecond: 500 }));
    const config = testConfig({
      auth: { apiKeys: [{ id: 'bootstrap-admin', keyEnv: 'TEAMS_ADMIN_KEY', admin: true }] },
      regions: [],
      extraDeployments: simulators.map((sim, i) => ({ model: NOVA_LITE, region: SIM_REGIONS[i], provider: 'openai-compatible', endpoint: `${sim.url}/v1`, upstreamModel: 'sim-model', capacity: { maxConcurrent: 8 } })),
      overrides: {
        server: { host: '127.0.0.1', port: 0, defaultSourceRegion: 'eu-central-1', dataDir: join(dir, 'data') },
        audit: { enabled: true, store: 'postgres', postgres: { urlEnv: 'TEAMS_PG_URL', schemaPrefix: `${schema}_audit` }, commit: { maxBatch: 64, maxDelayMs: 1 } },
        routing: { capacityStore: { kind: 'redis', urlEnv: 'TEAMS_REDIS_URL', keyPrefix: redisPrefix } },
        state: { store: 'postgres', postgres: { urlEnv: 'TEAMS_PG_URL', schema }, refreshMs: REFRESH_MS, secretKeyEnv: 'TEAMS_STATE_SECRET' },
      },
    });
    const path = writeConfigFile(dir, config);
    const env = { TEAMS_ADMIN_KEY: ADMIN_KEY, TEAMS_STATE_SECRET: STATE_SECRET, TEAMS_PG_URL: TEST_POSTGRES_URL, TEAMS_REDIS_URL: TEST_REDIS_URL, GEOROUTE_LOG_LEVEL: 'warn' };
    // Started together: the migrations run once, under the advisory lock.
    replicas.push(...(await Promise.all(['a', 'b', 'c'].map((name) => startGatewayProcess(path, { ...env, GEOROUTE_REPLICA_ID: `replica-${name}` })))));
    urls = replicas.map((r) => r.url);
  });

  after(async () => {
    await Promise.all(replicas.map((r) => r.kill('SIGKILL')));
    await Promise.all(simulators.map((s) => s.close()));
    await pool.end();
    await dropSchemas(schema);
    await deleteKeys(redisPrefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds one key\'s requests/min as one across the three replicas', async () => {
    for (let attempt = 0; ; attempt += 1) {
      // A burst must fall inside one minute window; start early in a minute.
      await startEarlyInAMinute(20_000);
      const minute = Math.floor(Date.now() / 60_000);
      const limited = await newKey(urls[0], { name: 'rpm-6', limits: { requestsPerMinute: 6 } });
      await everyReplicaSees(urls, urls[0]);
      const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => chat(urls[i % 3], limited.secret, NOVA_LITE).then((r) => r.status)));
      if (Math.floor(Date.now() / 60_000) !== minute && attempt < 2) continue;
      assert.equal(statuses.filter((s) => s === 200).length, 6, `statuses ${statuses.join(',')}`);
      assert.equal(statuses.filter((s) => s === 429).length, 6);
      return;
    }
  });

  it('holds a team budget as one: spent through A, refused on B and C', async () => {
    assert.equal((await admin(urls[0], 'PUT', '/admin/teams/research', { limits: { spendPerDay: '0.000010' } })).status, 200);
    const one = await newKey(urls[0], { name: 'research-1', team: 'research' });
    const two = await newKey(urls[0], { name: 'research-2', team: 'research' });
    await everyReplicaSees(urls, urls[0]);
    assert.equal((await chat(urls[0], one.secret, NOVA_LITE, { max_tokens: 60 })).status, 200);
    const used = async () => (await admin<{ subjects: Array<{ subject: string; limits: Array<{ limit: string; remaining: string }> }> }>(urls[2], 'GET', '/admin/usage')).body
      .subjects.find((s) => s.subject === 'team:research')?.limits.find((l) => l.limit === 'spendPerDay')?.remaining;
    await eventually(async () => (await used()) === '0.000000', 'the spend seen from C');
    for (const url of [urls[1], urls[2]]) {
      const refused = await chat(url, two.secret, NOVA_LITE);
      assert.equal(refused.status, 429);
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'budget_exceeded');
    }
  });

  it(`refuses a key revoked on A on B and C within the bound (state.refreshMs ${REFRESH_MS} ms plus a round trip)`, async (t) => {
    const key = await newKey(urls[0], { name: 'to revoke' });
    await everyReplicaSees(urls, urls[0]);
    for (const url of urls) assert.equal((await chat(url, key.secret, NOVA_LITE)).status, 200);
    const revokedAt = Date.now();
    assert.equal((await admin(urls[0], 'DELETE', `/admin/keys/${key.id}`)).status, 200);
    assert.equal((await chat(urls[0], key.secret, NOVA_LITE)).status, 401, 'refused at once where it was revoked');
    const seen: number[] = [];
    for (const url of [urls[1], urls[2]]) {
      await eventually(async () => (await chat(url, key.secret, NOVA_LITE)).status === 401, `the revocation on ${url}`);
      seen.push(Date.now() - revokedAt);
    }
    t.diagnostic(`revocation observed on B and C after ${seen.join(' ms, ')} ms (bound: ${REFRESH_MS} ms + one round trip)`);
  });

  it('uses on B and C an application profile created through A', async () => {
    const created = await fetch(`${urls[0]}/inference-profiles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inferenceProfileName: 'paris-app', modelSource: { copyFrom: `arn:aws:bedrock:eu-west-3::foundation-model/${NOVA_LITE}` } }),
    });
    assert.equal(created.status, 201);
    const arn = ((await created.json()) as { inferenceProfileArn: string }).inferenceProfileArn;
    const id = arn.slice(arn.lastIndexOf('/') + 1);
    for (const url of [urls[1], urls[2]]) {
      await eventually(async () => (await chat(url, ADMIN_KEY, id)).status === 200, `the profile on ${url}`);
      const answer = await chat(url, ADMIN_KEY, id);
      assert.equal(answer.headers.get('x-georoute-inference-region'), 'eu-west-3');
    }
  });

  it('keeps a session on its deployment across replicas', async () => {
    const session = `session-${Date.now()}`;
    const send = (url: string) => fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', 'x-georoute-session-id': session },
      body: JSON.stringify({ model: `eu.${NOVA_LITE}`, messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 }),
    });
    const ids: string[] = [];
    for (const url of urls) {
      const response = await send(url);
      await response.arrayBuffer();
      assert.equal(response.status, 200);
      ids.push(response.headers.get('x-request-id') ?? '');
    }
    const affinity = async (requestId: string) => {
      const { rows } = await pool.query<{ record_json: string }>(`SELECT record_json FROM ${schema}_audit_eu_central_1.audit_records WHERE record_json LIKE $1`, [`%${requestId}%`]);
      return rows.length === 0 ? undefined : (JSON.parse(rows[0].record_json) as { additionalEventData: { sessionAffinity?: string } }).additionalEventData.sessionAffinity;
    };
    assert.equal(await affinity(ids[0]), 'miss', 'a new session');
    assert.equal(await affinity(ids[1]), 'hit', 'B knew the deployment that served the session on A');
    assert.equal(await affinity(ids[2]), 'hit', 'and C too');
  });

  it('shows on A\'s dashboard the requests served by B and C, with each replica\'s share', async () => {
    type State = { traffic: { total: number }; replicas: Array<{ replicaId: string; requests: number; share: number; self: boolean }> };
    let state: State | undefined;
    await eventually(async () => {
      state = (await admin<State>(urls[0], 'GET', '/admin/state')).body;
      return state.replicas.length === 3 && state.replicas.every((r) => r.requests > 0);
    }, 'three replicas with traffic on A\'s /admin/state');
    assert.ok(state);
    assert.deepEqual(state.replicas.map((r) => r.replicaId).sort(), ['replica-a', 'replica-b', 'replica-c']);
    assert.equal(state.replicas.find((r) => r.self)?.replicaId, 'replica-a');
    assert.equal(state.traffic.total, state.replicas.reduce((sum, r) => sum + r.requests, 0));
    const shares = state.replicas.reduce((sum, r) => sum + r.share, 0);
    assert.ok(Math.abs(shares - 1) < 0.01, `shares add up to ${shares}`);
  });

  it('loses no audit record of a completed response and leaks no capacity when a replica is killed', async () => {
    const victim = replicas[2];
    const completed: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const response = await chat(urls[2], ADMIN_KEY, `eu.${NOVA_LITE}`);
      assert.equal(response.status, 200);
      completed.push(response.headers.get('x-request-id') ?? '');
    }
    // Streams in flight on C when it dies: their slots are held in Redis by C's leases. The simulators answer after
    // 5 s meanwhile, so the streams are still in flight when C is killed (at 500 tokens/s a short answer would be over
    // before the poll below saw it).
    for (const sim of simulators) sim.setFaults({ latencyMs: 5_000 });
    const streams = Array.from({ length: 4 }, () => fetch(`${urls[2]}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: `eu.${NOVA_LITE}`, stream: true, messages: [{ role: 'user', content: 'a long story' }], max_tokens: 4000 }),
    }).then((r) => r.body?.getReader().read()).catch(() => undefined));
    type Deployments = { deployments: Array<{ id: string; live: { inFlight: number } }> };
    const inFlight = async () => (await admin<Deployments>(urls[0], 'GET', '/admin/state')).body.deployments.reduce((sum, d) => sum + d.live.inFlight, 0);
    await eventually(async () => (await inFlight()) >= 1, 'streams in flight on C');
    await victim.kill('SIGKILL');
    await Promise.all(streams);
    for (const sim of simulators) sim.resetFaults();
    const { rows } = await pool.query<{ record_json: string }>(`SELECT record_json FROM ${schema}_audit_eu_central_1.audit_records`);
    const recorded = new Set(rows.map((r) => (JSON.parse(r.record_json) as { requestID: string }).requestID));
    assert.deepEqual(completed.filter((id) => !recorded.has(id)), [], 'every completed response has its record');
    // C's leases expire (routing's lease TTL); then nothing is held for a dead replica.
    await eventually(async () => (await inFlight()) === 0, 'the dead replica\'s slots given back', 120_000);
    assert.equal((await chat(urls[0], ADMIN_KEY, `eu.${NOVA_LITE}`)).status, 200);
  });
});
