/** GET /admin/audit: the audit query of the CLI over HTTP, with the same filters and cursor pagination. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

const ADMIN = 'admin-audit-key';
const READER = 'reader-audit-key';
const sha = (key: string) => createHash('sha256').update(key).digest('hex');

describe('GET /admin/audit', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await startTestGateway(
      testConfig({ auth: { apiKeys: [{ id: 'ops', keySha256: sha(ADMIN), admin: true }, { id: 'app', keySha256: sha(READER) }] } }),
    );
    const chat = (source: string, model: string) =>
      request(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${READER}`, 'x-georoute-source-region': source },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'audit me' }], max_tokens: 4 }),
      }).then((r) => r.body.text());
    for (let i = 0; i < 5; i++) await chat('eu-central-1', `eu.${NOVA_LITE}`);
    await chat('eu-west-1', NOVA_LITE);
    await chat('eu-west-1', 'eu.no-such-model');
  });
  after(() => gateway.close());

  async function query(params: string, key = ADMIN) {
    const response = await request(`${gateway.url}/admin/audit?${params}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.statusCode, body: (await response.body.json()) as { records?: Array<{ region: string; sequence: number; hash: string; record: Record<string, unknown> }>; nextCursor?: string; error?: { code: string } } };
  }

  it('filters by source region, profile and outcome', async () => {
    const central = await query('region=eu-central-1');
    assert.equal(central.status, 200);
    assert.equal(central.body.records?.length, 5);
    assert.ok(central.body.records?.every((r) => r.region === 'eu-central-1' && r.record.awsRegion === 'eu-central-1' && /^[0-9a-f]{64}$/.test(r.hash)));
    const failures = await query('region=eu-west-1&outcome=failure');
    assert.equal(failures.body.records?.length, 1);
    assert.equal(failures.body.records?.[0].record.errorCode, 'profile_not_found');
    const bare = await query(`profile=${encodeURIComponent(NOVA_LITE)}`);
    assert.equal(bare.body.records?.length, 1, 'across every region, only the bare-model request');
  });

  it('pages with a cursor until the last page', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await query(`limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(page.status, 200);
      assert.ok((page.body.records?.length ?? 0) <= 2);
      for (const row of page.body.records ?? []) seen.push(String(row.record.requestID));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7, 'no record twice');
  });

  it('refuses non-admins and bad parameters with clear errors', async () => {
    assert.equal((await query('region=eu-central-1', READER)).status, 403);
    const unknown = await query('regoin=eu-central-1');
    assert.equal(unknown.status, 400);
    assert.equal((await query('outcome=maybe')).status, 400);
    assert.equal((await query('from=yesterday')).status, 400);
    assert.equal((await query('limit=0')).status, 400);
    assert.equal((await query('cursor=garbage')).status, 400);
    assert.equal((await query('region=mars-1')).body.error?.code, 'unknown_source_region');
    const empty = await query('region=eu-north-1');
    assert.deepEqual(empty.body.records, [], 'a region without records yet');
  });
});
