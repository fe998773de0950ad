/**
 * Regression tests for the ways a caller could talk its way out of its residency scope (issue #8), through real
 * clients: the openai SDK naming a source region by header, the AWS SDK v3 signing for another region, and
 * anonymous callers. Each refusal is a 403 in the caller's wire format and leaves an audit record with no region.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AccessDeniedException, BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { readAuditRecords } from '../support/read-audit-records.js';
import { EU_REGIONS, NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

const EU_PROFILE = `eu.${NOVA_LITE}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const KEYS = { euOnly: 'key-eu-only', euProfile: 'key-eu-profile', bound: 'key-bound-eu-west-1', open: 'key-open' } as const;
const ACCESS_EU = 'AKIARESIDENCYEU00001';
const ACCESS_PINNED = 'AKIARESIDENCYPIN0001';
const SECRET = 'residency-test-secret';
const SECRET_ENV = 'GEOROUTE_TEST_RESIDENCY_SECRET';

const isEu = (region: string | null | undefined) => EU_REGIONS.includes(region as (typeof EU_REGIONS)[number]);

describe('identity scopes through real clients', () => {
  let gateway: TestGateway;
  const clients: BedrockRuntimeClient[] = [];

  before(async () => {
    process.env[SECRET_ENV] = SECRET;
    gateway = await startTestGateway(
      testConfig({
        auth: {
          allowAnonymous: true,
          apiKeys: [
            { id: 'team-eu', keySha256: sha256(KEYS.euOnly), allowedGeographies: ['eu'] },
            { id: 'team-eu-profile', keySha256: sha256(KEYS.euProfile), allowedProfiles: [EU_PROFILE] },
            { id: 'team-dublin', keySha256: sha256(KEYS.bound), sourceRegion: 'eu-west-1' },
            { id: 'team-open', keySha256: sha256(KEYS.open) },
          ],
          accessKeys: [
            { accessKeyId: ACCESS_EU, secretAccessKeyEnv: SECRET_ENV, allowedGeographies: ['eu'] },
            { accessKeyId: ACCESS_PINNED, secretAccessKeyEnv: SECRET_ENV, sourceRegions: ['eu-central-1'] },
          ],
        },
      }),
      { env: { ...process.env } },
    );
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await gateway.close();
    delete process.env[SECRET_ENV];
  });

  const openai = (apiKey: string | undefined, sourceRegion?: string) =>
    new OpenAI({
      baseURL: `${gateway.url}/v1`,
      apiKey: apiKey ?? 'unused',
      maxRetries: 0,
      defaultHeaders: { ...(sourceRegion ? { 'x-georoute-source-region': sourceRegion } : {}), ...(apiKey ? {} : { authorization: null }) },
    });
  const chat = (client: OpenAI, model = EU_PROFILE) =>
    client.chat.completions.create({ model, messages: [{ role: 'user', content: 'where do I run?' }], max_tokens: 4 }).withResponse();
  // A refused claim is recorded in the identity's own default region (here the server default), never in the store
  // of the region it claimed: a caller cannot choose where its refusals are kept.
  const refusedRecord = (claimed: string, principal: string) => {
    const refused = (region: string) =>
      readAuditRecords(gateway.dataDir, region).filter((r) => r.userIdentity.principalId === principal && r.errorCode === 'access_denied');
    assert.deepEqual(refused(claimed), [], `nothing written to ${claimed}'s store`);
    return refused('eu-central-1').filter((r) => r.errorMessage?.includes(`source region ${claimed}`));
  };

  it('a key with allowedGeographies [eu] cannot claim us-east-1 or London by header (403, audited as refused)', async () => {
    for (const region of ['us-east-1', 'eu-west-2']) {
      await assert.rejects(chat(openai(KEYS.euOnly, region)), (error: unknown) => {
        assert.ok(error instanceof OpenAI.PermissionDeniedError, `got ${String(error)}`);
        assert.equal(error.status, 403);
        assert.match(error.message, new RegExp(`source region ${region}`));
        return true;
      });
      const [record] = refusedRecord(region, 'team-eu');
      assert.ok(record, 'the refusal is recorded in the default region\'s store');
      assert.equal(record.awsRegion, 'eu-central-1');
      assert.equal(record.additionalEventData.inferenceRegion, undefined);
      assert.deepEqual(record.additionalEventData.attempts, []);
      assert.equal(record.additionalEventData.status, 403);
    }
    const { response } = await chat(openai(KEYS.euOnly, 'eu-west-3'));
    assert.ok(isEu(response.headers.get('x-georoute-inference-region')));
  });

  it('a key with allowedProfiles [eu.…] cannot claim a region outside the profile\'s geography', async () => {
    await assert.rejects(chat(openai(KEYS.euProfile, 'us-east-1')), OpenAI.PermissionDeniedError);
    await assert.rejects(chat(openai(KEYS.euProfile, 'eu-west-2')), OpenAI.PermissionDeniedError);
    const { response } = await chat(openai(KEYS.euProfile, 'eu-north-1'));
    assert.equal(response.headers.get('x-georoute-source-region'), 'eu-north-1');
    assert.ok(isEu(response.headers.get('x-georoute-inference-region')));
  });

  it('a key bound to one sourceRegion cannot claim another; an unbound key still can', async () => {
    await assert.rejects(chat(openai(KEYS.bound, 'eu-central-1')), OpenAI.PermissionDeniedError);
    const bound = await chat(openai(KEYS.bound));
    assert.equal(bound.response.headers.get('x-georoute-source-region'), 'eu-west-1');
    const open = await chat(openai(KEYS.open, 'us-east-1'), NOVA_LITE);
    assert.equal(open.response.headers.get('x-georoute-inference-region'), 'us-east-1');
  });

  it('anonymous callers get the server default source region only', async () => {
    await assert.rejects(chat(openai(undefined, 'us-east-1'), NOVA_LITE), OpenAI.PermissionDeniedError);
    await assert.rejects(chat(openai(undefined, 'eu-west-3')), OpenAI.PermissionDeniedError);
    const { response } = await chat(openai(undefined), NOVA_LITE);
    assert.equal(response.headers.get('x-georoute-source-region'), 'eu-central-1');
    assert.equal(response.headers.get('x-georoute-inference-region'), 'eu-central-1');
  });

  it('SigV4: the signed region is the claim, checked the same way (AWS SDK v3)', async () => {
    const sdk = (accessKeyId: string, region: string) => {
      const client = new BedrockRuntimeClient({ region, endpoint: gateway.url, credentials: { accessKeyId, secretAccessKey: SECRET }, maxAttempts: 1 });
      clients.push(client);
      return client;
    };
    const converse = new ConverseCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'hi' }] }], inferenceConfig: { maxTokens: 2 } });
    for (const [key, region] of [[ACCESS_EU, 'us-east-1'], [ACCESS_EU, 'eu-west-2'], [ACCESS_PINNED, 'eu-west-1']] as const) {
      await assert.rejects(sdk(key, region).send(converse), (error: unknown) => {
        assert.ok(error instanceof AccessDeniedException, `${key} signed for ${region}: ${String(error)}`);
        assert.equal(error.$metadata.httpStatusCode, 403);
        return true;
      });
      assert.equal(refusedRecord(region, key).length, 1, `the refusal of ${key} in ${region} is audited`);
    }
    const ok = await sdk(ACCESS_EU, 'eu-west-1').send(converse);
    assert.equal(ok.usage?.outputTokens, 2);
    const pinned = await sdk(ACCESS_PINNED, 'eu-central-1').send(converse);
    assert.equal(pinned.usage?.outputTokens, 2);
  });

  it('no audit record of any store names a region outside its boundary', () => {
    for (const region of [...EU_REGIONS, 'eu-west-2', 'us-east-1']) {
      for (const record of readAuditRecords(gateway.dataDir, region)) {
        const data = record.additionalEventData as { inferenceRegion?: string; boundary?: string[] };
        if (data.inferenceRegion !== undefined) assert.ok(data.boundary?.includes(data.inferenceRegion), JSON.stringify(data));
      }
    }
  });
});
