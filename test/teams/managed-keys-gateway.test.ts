import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { NOVA_LITE, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { readAuditRecords } from '../support/read-audit-records.js';
import { adminCall, chat, createKey, eventually, startEarlyInAMinute, teamsConfig, teamsEnv } from './teams-test-kit.js';

interface Usage {
  subjects: Array<{ subject: string; limits: Array<{ limit: string; used: string; max: string; remaining: string; currency?: string }> }>;
}

describe('keys, budgets and limits managed at run time (one gateway, embedded SQLite)', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway(teamsConfig(), { env: teamsEnv() });
  });
  after(() => gateway.close());

  it('creates a key that is shown once, stored as a hash, and works at once with an unmodified OpenAI client', async () => {
    const created = await createKey(gateway.url, { name: 'ci bot', team: 'platform', tags: { env: 'ci' }, allowedGeographies: ['eu'] });
    assert.match(created.apiKey ?? '', /^grk_[A-Za-z0-9_-]{43}$/);
    assert.equal(created.key.status, 'active');
    const shown = await adminCall<Record<string, unknown>>(gateway.url, 'GET', `/admin/keys/${created.key.id}`);
    assert.equal(shown.status, 200);
    assert.equal(JSON.stringify(shown.body).includes(created.apiKey ?? '-'), false, 'the secret is never shown again');
    assert.deepEqual(shown.body.tags, { env: 'ci' });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: created.apiKey, maxRetries: 0 });
    const answer = await client.chat.completions.create({ model: `eu.${NOVA_LITE}`, messages: [{ role: 'user', content: 'hi' }], max_tokens: 10 });
    assert.ok(answer.choices[0].message.content);
    await assert.rejects(() => client.chat.completions.create({ model: `us.${NOVA_LITE}`, messages: [{ role: 'user', content: 'hi' }], max_tokens: 10 }), { status: 403 });
    const listed = await adminCall<{ keys: Array<{ id: string }> }>(gateway.url, 'GET', '/admin/keys?team=platform');
    assert.deepEqual(listed.body.keys.map((k) => k.id), [created.key.id]);
  });

  it('refuses a key over its requests/min in the OpenAI, Bedrock and Anthropic wire formats, with Retry-After and an audit record', async () => {
    await startEarlyInAMinute();
    const { apiKey, key } = await createKey(gateway.url, { name: 'limited', limits: { requestsPerMinute: 2 } });
    assert.ok(apiKey);
    assert.equal((await chat(gateway.url, apiKey, NOVA_LITE)).status, 200);
    assert.equal((await chat(gateway.url, apiKey, NOVA_LITE)).status, 200);
    const refused = await chat(gateway.url, apiKey, NOVA_LITE);
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `retry-after ${retryAfter}`);
    const error = ((await refused.json()) as { error: { code: string; type: string; message: string } }).error;
    assert.equal(error.code, 'limit_exceeded');
    assert.equal(error.type, 'rate_limit_error');
    assert.match(error.message, new RegExp(`key "${key.id}" has made its 2 requests per minute`));

    const converse = await fetch(`${gateway.url}/model/${encodeURIComponent(NOVA_LITE)}/converse`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
    });
    assert.equal(converse.status, 429);
    assert.equal(converse.headers.get('x-amzn-errortype')?.split(':')[0], 'ThrottlingException');
    assert.ok(converse.headers.get('retry-after'));

    const messages = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: NOVA_LITE, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(messages.status, 429);
    assert.equal(((await messages.json()) as { error: { type: string } }).error.type, 'rate_limit_error');

    await eventually(async () => readAuditRecords(gateway.dataDir, 'eu-central-1').filter((r) => r.errorCode === 'limit_exceeded' && r.userIdentity.principalId === key.id).length >= 3, 'the refusals in the audit trail');
  });

  it('holds a team budget for all its keys, counts a streamed answer at its real usage, and shows use against each limit', async () => {
    // The stream's tokens are read back from the minute's window.
    await startEarlyInAMinute();
    const put = await adminCall(gateway.url, 'PUT', '/admin/teams/search', { limits: { spendPerDay: '0.000010', tokensPerMinute: 100000, currency: 'USD' } });
    assert.equal(put.status, 200);
    const first = await createKey(gateway.url, { name: 'search-a', team: 'search' });
    const second = await createKey(gateway.url, { name: 'search-b', team: 'search' });
    assert.ok(first.apiKey && second.apiKey);
    const stream = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: NOVA_LITE, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'tell me a story' }], max_tokens: 40 }),
    });
    const text = await stream.text();
    const usageChunk = text.split('\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)) as { usage?: { prompt_tokens: number; completion_tokens: number } }).find((c) => c.usage);
    assert.ok(usageChunk?.usage);
    const streamedTokens = usageChunk.usage.prompt_tokens + usageChunk.usage.completion_tokens;
    const team = async () => (await adminCall<Usage>(gateway.url, 'GET', '/admin/usage')).body.subjects.find((s) => s.subject === 'team:search');
    await eventually(async () => (await team())?.limits.find((l) => l.limit === 'tokensPerMinute')?.used === String(streamedTokens), 'the stream counted at its real usage');
    const spent = (await team())?.limits.find((l) => l.limit === 'spendPerDay');
    assert.equal(spent?.currency, 'USD');
    assert.equal(spent?.max, '0.000010');
    assert.ok(Number(spent?.used) > 0);
    // 0.33 / 2.75 per million: the stream alone cost more than 0.000010, so the team's other key is refused.
    const refused = await chat(gateway.url, second.apiKey, NOVA_LITE);
    assert.equal(refused.status, 429);
    const error = ((await refused.json()) as { error: { code: string; type: string; message: string } }).error;
    assert.equal(error.code, 'budget_exceeded');
    assert.equal(error.type, 'insufficient_quota');
    assert.match(error.message, /team "search" has spent its daily budget of 0\.000010 USD/);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  });

  it('revokes and rotates: a revoked key and a rotated-out secret are refused at once, the new secret works', async () => {
    const { apiKey, key } = await createKey(gateway.url, { name: 'rotating' });
    assert.ok(apiKey);
    const rotated = await adminCall<{ apiKey: string }>(gateway.url, 'POST', `/admin/keys/${key.id}/rotate`);
    assert.equal(rotated.status, 200);
    assert.equal((await chat(gateway.url, apiKey, NOVA_LITE)).status, 401);
    assert.equal((await chat(gateway.url, rotated.body.apiKey, NOVA_LITE)).status, 200);
    const revoked = await adminCall<{ status: string }>(gateway.url, 'DELETE', `/admin/keys/${key.id}`);
    assert.equal(revoked.body.status, 'revoked');
    assert.equal((await chat(gateway.url, rotated.body.apiKey, NOVA_LITE)).status, 401);
    assert.equal((await adminCall(gateway.url, 'POST', `/admin/keys/${key.id}/rotate`)).status, 404);
  });

  it('manages SigV4 access keys: an unmodified AWS SDK signs with the issued pair; the secret is sealed at rest', async () => {
    const created = await createKey(gateway.url, { kind: 'access-key', name: 'sdk', sourceRegions: ['eu-west-1'] });
    assert.match(created.accessKeyId ?? '', /^GRAK[A-Z2-7]{16}$/);
    assert.ok(created.secretAccessKey);
    const client = new BedrockRuntimeClient({ region: 'eu-west-1', endpoint: gateway.url, credentials: { accessKeyId: created.accessKeyId ?? '', secretAccessKey: created.secretAccessKey }, maxAttempts: 1 });
    const answer = await client.send(new ConverseCommand({ modelId: NOVA_LITE, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    assert.ok(answer.output?.message);
    const other = new BedrockRuntimeClient({ region: 'eu-central-1', endpoint: gateway.url, credentials: { accessKeyId: created.accessKeyId ?? '', secretAccessKey: created.secretAccessKey }, maxAttempts: 1 });
    await assert.rejects(() => other.send(new ConverseCommand({ modelId: NOVA_LITE, messages: [{ role: 'user', content: [{ text: 'hi' }] }] })), { name: 'AccessDeniedException' });
    const row = gateway.context.state.db;
    const [stored] = await row.query<{ secret_sealed: string; secret_sha256: string | null }>('SELECT secret_sealed, secret_sha256 FROM managed_keys WHERE id = $1', [created.key.id]);
    assert.match(stored.secret_sealed, /^v1:/);
    assert.equal(stored.secret_sealed.includes(created.secretAccessKey), false);
    client.destroy();
    other.destroy();
  });

  it('answers a wrong admin body with a 400 naming the field, and refuses non-admin callers', async () => {
    const bad = await adminCall<{ error: { param: string; message: string } }>(gateway.url, 'POST', '/admin/keys', { name: 'x', sourceRegions: ['mars-1'] });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /unknown region "mars-1"/);
    const limits = await adminCall<{ error: { param: string } }>(gateway.url, 'POST', '/admin/keys', { name: 'x', limits: { spendPerDay: '1.1234567' } });
    assert.equal(limits.status, 400);
    assert.equal(limits.body.error.param, 'limits.spendPerDay');
    const { apiKey } = await createKey(gateway.url, { name: 'not admin' });
    const denied = await fetch(`${gateway.url}/admin/keys`, { headers: { authorization: `Bearer ${apiKey}` } });
    assert.equal(denied.status, 403);
  });
});
