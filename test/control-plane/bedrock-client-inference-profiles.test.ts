/**
 * The official BedrockClient (default settings, SigV4) against a real gateway: List, Get, Create and Delete
 * inference profiles round-trip, with Bedrock's typed exceptions for what goes wrong.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  BedrockClient,
  CreateInferenceProfileCommand,
  DeleteInferenceProfileCommand,
  GetInferenceProfileCommand,
  ListInferenceProfilesCommand,
  paginateListInferenceProfiles,
  type InferenceProfileSummary,
} from '@aws-sdk/client-bedrock';
import { EU_REGIONS, NOVA_LITE } from '../support/test-gateway.js';
import type { RunningGateway } from '../../src/gateway/gateway-runtime.js';
import { bedrockClient, newDataDir, READER_KEY, startGatewayAt } from './control-plane-test-kit.js';

const EU_PROFILE = `eu.${NOVA_LITE}`;
const fmArn = (region: string) => `arn:aws:bedrock:${region}::foundation-model/${NOVA_LITE}`;

describe('inference profiles through the BedrockClient', () => {
  let gateway: RunningGateway;
  let dataDir: string;
  let client: BedrockClient;

  before(async () => {
    dataDir = newDataDir();
    gateway = await startGatewayAt(dataDir);
    client = bedrockClient(gateway.url, 'eu-west-1');
  });
  after(async () => {
    client.destroy();
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the system-defined profiles, with one model ARN per region of the boundary from the caller region', async () => {
    const { inferenceProfileSummaries = [], nextToken } = await client.send(new ListInferenceProfilesCommand({}));
    assert.equal(nextToken, undefined);
    const ids = inferenceProfileSummaries.map((p) => p.inferenceProfileId);
    assert.deepEqual(ids, [...ids].sort());
    for (const id of [EU_PROFILE, `europe.${NOVA_LITE}`, `global.${NOVA_LITE}`, `us.${NOVA_LITE}`]) assert.ok(ids.includes(id), id);
    assert.ok(!ids.includes(NOVA_LITE), 'bare foundation models are not inference profiles');
    const eu = inferenceProfileSummaries.find((p) => p.inferenceProfileId === EU_PROFILE);
    assert.ok(eu);
    assert.equal(eu.type, 'SYSTEM_DEFINED');
    assert.equal(eu.status, 'ACTIVE');
    assert.equal(eu.inferenceProfileArn, `arn:aws:bedrock:eu-west-1:000000000000:inference-profile/${EU_PROFILE}`);
    assert.ok(eu.createdAt instanceof Date && eu.updatedAt instanceof Date);
    const regions = (eu.models ?? []).map((m) => m.modelArn);
    assert.equal(regions[0], fmArn('eu-west-1'), 'the source region comes first');
    assert.deepEqual(new Set(regions), new Set(EU_REGIONS.map(fmArn)));
  });

  it('shows the boundary as seen from the signing region', async () => {
    const london = bedrockClient(gateway.url, 'eu-west-2');
    try {
      const eu = await london.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: EU_PROFILE }));
      assert.equal(eu.inferenceProfileArn, `arn:aws:bedrock:eu-west-2:000000000000:inference-profile/${EU_PROFILE}`);
      assert.deepEqual((eu.models ?? []).map((m) => m.modelArn), ['eu-west-2', ...EU_REGIONS].map(fmArn), 'a caller outside the geography adds its own region, as Bedrock does');
    } finally {
      london.destroy();
    }
  });

  it('walks every page with maxResults=1 and nextToken', async () => {
    const all = await client.send(new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED' }));
    const walked: InferenceProfileSummary[] = [];
    for await (const page of paginateListInferenceProfiles({ client, pageSize: 1 }, { typeEquals: 'SYSTEM_DEFINED' })) {
      assert.ok((page.inferenceProfileSummaries ?? []).length <= 1);
      walked.push(...(page.inferenceProfileSummaries ?? []));
    }
    assert.ok(walked.length > 1);
    assert.deepEqual(walked.map((p) => p.inferenceProfileId), (all.inferenceProfileSummaries ?? []).map((p) => p.inferenceProfileId));
  });

  it('gets a profile by id and by ARN, and says ResourceNotFoundException for what does not exist', async () => {
    const byId = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: EU_PROFILE }));
    const byArn = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: byId.inferenceProfileArn }));
    assert.equal(byArn.inferenceProfileId, EU_PROFILE);
    assert.deepEqual(byArn.models, byId.models);
    await assert.rejects(client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'eu.no-such-model' })), { name: 'ResourceNotFoundException' });
    await assert.rejects(client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: NOVA_LITE })), { name: 'ResourceNotFoundException' });
  });

  it('creates from a system profile ARN: same boundary, listed, gettable by id and ARN, then deleted', async () => {
    const created = await client.send(
      new CreateInferenceProfileCommand({
        inferenceProfileName: 'team-a chat',
        description: 'Team A chat assistant',
        modelSource: { copyFrom: `arn:aws:bedrock:eu-west-1:123456789012:inference-profile/${EU_PROFILE}` },
        tags: [{ key: 'team', value: 'a' }, { key: 'cost-center', value: '42' }],
      }),
    );
    assert.equal(created.status, 'ACTIVE');
    assert.match(created.inferenceProfileArn ?? '', /^arn:aws:bedrock:eu-west-1:000000000000:application-inference-profile\/[a-z0-9]{12}$/);
    const id = (created.inferenceProfileArn ?? '').split('/')[1];

    const got = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: created.inferenceProfileArn }));
    const system = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: EU_PROFILE }));
    assert.equal(got.inferenceProfileId, id);
    assert.equal(got.inferenceProfileName, 'team-a chat');
    assert.equal(got.description, 'Team A chat assistant');
    assert.equal(got.type, 'APPLICATION');
    assert.deepEqual(got.models, system.models, 'a copy routes exactly as its source');
    assert.equal((await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: id }))).inferenceProfileArn, created.inferenceProfileArn);

    const listed = await client.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));
    assert.deepEqual((listed.inferenceProfileSummaries ?? []).map((p) => p.inferenceProfileId), [id]);
    const systemOnly = await client.send(new ListInferenceProfilesCommand({}));
    assert.ok(!(systemOnly.inferenceProfileSummaries ?? []).some((p) => p.inferenceProfileId === id), 'without typeEquals only SYSTEM_DEFINED, as Bedrock');

    assert.deepEqual(Object.keys(await client.send(new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: created.inferenceProfileArn }))).filter((k) => k !== '$metadata'), []);
    await assert.rejects(client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: id })), { name: 'ResourceNotFoundException' });
    await assert.rejects(client.send(new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: id })), { name: 'ResourceNotFoundException' });
  });

  it('creates from a foundation-model ARN: that one region only', async () => {
    const created = await client.send(
      new CreateInferenceProfileCommand({ inferenceProfileName: 'paris-only', modelSource: { copyFrom: fmArn('eu-west-3') }, tags: [{ key: 'team', value: 'fr' }] }),
    );
    const got = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: created.inferenceProfileArn }));
    assert.deepEqual(got.models, [{ modelArn: fmArn('eu-west-3') }]);
    assert.equal(got.description, undefined);
    await client.send(new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: created.inferenceProfileArn }));
  });

  it('is idempotent on clientRequestToken, and refuses the token reused for another request', async () => {
    const input = { inferenceProfileName: 'idempotent', clientRequestToken: 'token-1', modelSource: { copyFrom: fmArn('eu-central-1') }, tags: [{ key: 'k', value: 'v' }] };
    const first = await client.send(new CreateInferenceProfileCommand(input));
    const replay = await client.send(new CreateInferenceProfileCommand(input));
    assert.equal(replay.inferenceProfileArn, first.inferenceProfileArn);
    assert.equal((await client.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }))).inferenceProfileSummaries?.length, 1);
    await assert.rejects(client.send(new CreateInferenceProfileCommand({ ...input, tags: [{ key: 'k', value: 'other' }] })), { name: 'ConflictException' });
    await assert.rejects(client.send(new CreateInferenceProfileCommand({ ...input, clientRequestToken: 'token-2' })), { name: 'ConflictException', message: /already exists/ });
    await client.send(new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: first.inferenceProfileArn }));
  });

  it('refuses invalid creates with ValidationException or ResourceNotFoundException', async () => {
    const create = (input: Partial<ConstructorParameters<typeof CreateInferenceProfileCommand>[0]>) =>
      client.send(new CreateInferenceProfileCommand({ inferenceProfileName: 'valid-name', modelSource: { copyFrom: fmArn('eu-west-1') }, ...input }));
    await assert.rejects(create({ inferenceProfileName: 'two  spaces' }), { name: 'ValidationException' });
    await assert.rejects(create({ inferenceProfileName: 'x'.repeat(65) }), { name: 'ValidationException' });
    await assert.rejects(create({ modelSource: { copyFrom: fmArn('us-west-2') } }), { name: 'ValidationException', message: /not available in us-west-2/ });
    await assert.rejects(create({ modelSource: { copyFrom: EU_PROFILE } }), { name: 'ValidationException' });
    await assert.rejects(create({ modelSource: { copyFrom: 'arn:aws:bedrock:eu-west-1:000000000000:inference-profile/eu.no-such-model' } }), { name: 'ResourceNotFoundException' });
    await assert.rejects(create({ tags: Array.from({ length: 201 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }), { name: 'ValidationException' });
    await assert.rejects(create({ tags: [{ key: 'k'.repeat(129), value: 'v' }] }), { name: 'ValidationException' });
    await assert.rejects(create({ tags: [{ key: 'k', value: 'v'.repeat(257) }] }), { name: 'ValidationException' });
    await assert.rejects(create({ tags: [{ key: 'k', value: '1' }, { key: 'k', value: '2' }] }), { name: 'ValidationException' });
    assert.equal((await client.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }))).inferenceProfileSummaries?.length, 0);
  });

  it('refuses to delete a system-defined profile', async () => {
    await assert.rejects(client.send(new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: EU_PROFILE })), {
      name: 'ValidationException',
      message: /only application inference profiles can be deleted/,
    });
  });

  it('lets a non-admin identity read but not create or delete', async () => {
    const reader = bedrockClient(gateway.url, 'eu-west-1', READER_KEY);
    try {
      const listed = await reader.send(new ListInferenceProfilesCommand({ maxResults: 2 }));
      assert.equal(listed.inferenceProfileSummaries?.length, 2);
      assert.ok(listed.nextToken);
      await assert.rejects(reader.send(new CreateInferenceProfileCommand({ inferenceProfileName: 'nope', modelSource: { copyFrom: fmArn('eu-west-1') } })), {
        name: 'AccessDeniedException',
      });
      await assert.rejects(reader.send(new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: 'abcdefabcdef' })), { name: 'AccessDeniedException' });
    } finally {
      reader.destroy();
    }
    const wrongSecret = bedrockClient(gateway.url, 'eu-west-1', { accessKeyId: READER_KEY.accessKeyId, secretAccessKey: 'wrong' });
    try {
      await assert.rejects(wrongSecret.send(new ListInferenceProfilesCommand({})), { name: 'AccessDeniedException' });
    } finally {
      wrongSecret.destroy();
    }
  });

  it('refuses bad list parameters', async () => {
    await assert.rejects(client.send(new ListInferenceProfilesCommand({ maxResults: 0 })), { name: 'ValidationException' });
    await assert.rejects(client.send(new ListInferenceProfilesCommand({ maxResults: 1001 })), { name: 'ValidationException' });
    await assert.rejects(client.send(new ListInferenceProfilesCommand({ nextToken: 'not-a-token' })), { name: 'ValidationException' });
    const page = await client.send(new ListInferenceProfilesCommand({ maxResults: 1 }));
    await assert.rejects(client.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION', nextToken: page.nextToken })), { name: 'ValidationException' });
  });

  it('answers in the Bedrock wire format without the SDK: request ids, x-amzn-errortype, unknown methods', async () => {
    const ok = await fetch(`${gateway.url}/inference-profiles/${encodeURIComponent(EU_PROFILE)}`, { headers: { authorization: 'Bearer none' } });
    assert.equal(ok.status, 403, 'SigV4 or a known key is required');
    assert.equal(ok.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    assert.ok(ok.headers.get('x-amzn-requestid'));
    assert.deepEqual(Object.keys((await ok.json()) as object), ['message']);
    const put = await fetch(`${gateway.url}/inference-profiles`, { method: 'PUT' });
    assert.equal(put.headers.get('x-amzn-errortype'), 'ValidationException');
    const unknown = await fetch(`${gateway.url}/inference-profiles/a/b`);
    assert.equal(unknown.headers.get('x-amzn-errortype'), 'UnknownOperationException');
  });
});
