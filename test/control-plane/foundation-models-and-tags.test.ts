/**
 * The rest of the Bedrock control plane with the official BedrockClient: ListFoundationModels (and its filters)
 * and GetFoundationModel from the catalog; TagResource / UntagResource / ListTagsForResource on application
 * profiles, whose tags then reach the audit records (cost allocation) as tags given at creation do.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import {
  AccessDeniedException,
  CreateInferenceProfileCommand,
  GetFoundationModelCommand,
  ListFoundationModelsCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  ValidationException,
} from '@aws-sdk/client-bedrock';
import type { RunningGateway } from '../../src/gateway/gateway-runtime.js';
import { NOVA_LITE } from '../support/test-gateway.js';
import { embeddingDeployments, embeddingModels, TITAN } from '../embeddings/embedding-test-kit.js';
import { bedrockClient, controlPlaneConfig, newDataDir, OPENAI_KEY, READER_KEY, readAuditRecords, startGatewayAt } from './control-plane-test-kit.js';

const SOURCE = 'eu-central-1';

describe('foundation models and tags through the BedrockClient', () => {
  const dataDir = newDataDir();
  let gateway: RunningGateway;

  before(async () => {
    const base = controlPlaneConfig({ regions: ['eu-central-1', 'eu-west-1'], extraDeployments: embeddingDeployments() });
    gateway = await startGatewayAt(dataDir, { ...base, models: [...(base.models as unknown[]), ...embeddingModels] });
  });
  after(async () => {
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the catalog as foundation models, with its filters', async () => {
    const client = bedrockClient(gateway.url, SOURCE, READER_KEY);
    const all = await client.send(new ListFoundationModelsCommand({}));
    const ids = (all.modelSummaries ?? []).map((m) => m.modelId);
    assert.ok(ids.includes(NOVA_LITE) && ids.includes(TITAN));
    const nova = all.modelSummaries?.find((m) => m.modelId === NOVA_LITE);
    assert.equal(nova?.modelArn, `arn:aws:bedrock:${SOURCE}::foundation-model/${NOVA_LITE}`);
    assert.equal(nova?.providerName, 'Amazon');
    assert.deepEqual(nova?.outputModalities, ['TEXT']);
    assert.equal(nova?.responseStreamingSupported, true);
    const embeddings = await client.send(new ListFoundationModelsCommand({ byOutputModality: 'EMBEDDING' }));
    assert.ok((embeddings.modelSummaries ?? []).every((m) => m.outputModalities?.includes('EMBEDDING')));
    assert.ok((embeddings.modelSummaries ?? []).some((m) => m.modelId === TITAN));
    const cohere = await client.send(new ListFoundationModelsCommand({ byProvider: 'cohere' }));
    assert.deepEqual((cohere.modelSummaries ?? []).map((m) => m.providerName), ['Cohere']);
    const provisioned = await client.send(new ListFoundationModelsCommand({ byInferenceType: 'PROVISIONED' }));
    assert.deepEqual(provisioned.modelSummaries, []);
    await assert.rejects(client.send(new ListFoundationModelsCommand({ byOutputModality: 'SMELL' as 'TEXT' })), ValidationException);
  });

  it('gets one foundation model by id or ARN, and ResourceNotFoundException for an unknown one', async () => {
    const client = bedrockClient(gateway.url, SOURCE, READER_KEY);
    const byId = await client.send(new GetFoundationModelCommand({ modelIdentifier: TITAN }));
    assert.equal(byId.modelDetails?.modelId, TITAN);
    assert.deepEqual(byId.modelDetails?.outputModalities, ['EMBEDDING']);
    const byArn = await client.send(new GetFoundationModelCommand({ modelIdentifier: `arn:aws:bedrock:eu-west-1::foundation-model/${NOVA_LITE}` }));
    assert.equal(byArn.modelDetails?.modelArn, `arn:aws:bedrock:eu-west-1::foundation-model/${NOVA_LITE}`);
    await assert.rejects(client.send(new GetFoundationModelCommand({ modelIdentifier: 'amazon.nothing-v1:0' })), ResourceNotFoundException);
  });

  it('tags, lists and untags an application profile; later requests are recorded with the new tags', async () => {
    const client = bedrockClient(gateway.url, SOURCE);
    const created = await client.send(
      new CreateInferenceProfileCommand({
        inferenceProfileName: 'tagged-team',
        modelSource: { copyFrom: `arn:aws:bedrock:${SOURCE}:000000000000:inference-profile/eu.${NOVA_LITE}` },
        tags: [{ key: 'team', value: 'a' }],
      }),
    );
    const resourceARN = created.inferenceProfileArn ?? '';
    await client.send(new TagResourceCommand({ resourceARN, tags: [{ key: 'cost-center', value: 'cc-9' }, { key: 'team', value: 'b' }] }));
    const listed = await client.send(new ListTagsForResourceCommand({ resourceARN }));
    assert.deepEqual(
      Object.fromEntries((listed.tags ?? []).map((t) => [t.key, t.value])),
      { team: 'b', 'cost-center': 'cc-9' },
    );
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: OPENAI_KEY, maxRetries: 0 });
    const before = await openai.chat.completions.create({ model: resourceARN, messages: [{ role: 'user', content: 'x' }], max_tokens: 4 }).withResponse();
    await client.send(new UntagResourceCommand({ resourceARN, tagKeys: ['team'] }));
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ resourceARN }))).tags, [{ key: 'cost-center', value: 'cc-9' }]);
    const afterUntag = await openai.chat.completions.create({ model: resourceARN, messages: [{ role: 'user', content: 'x' }], max_tokens: 4 }).withResponse();
    const records = readAuditRecords(dataDir, SOURCE);
    const tagsOf = (requestId: string | null) => records.find((r) => r.requestID === requestId)?.additionalEventData.tags;
    assert.deepEqual(tagsOf(before.response.headers.get('x-request-id')), { team: 'b', 'cost-center': 'cc-9' });
    assert.deepEqual(tagsOf(afterUntag.response.headers.get('x-request-id')), { 'cost-center': 'cc-9' });
  });

  it('refuses tag changes by readers, on system profiles and on unknown profiles, with typed exceptions', async () => {
    const reader = bedrockClient(gateway.url, SOURCE, READER_KEY);
    const admin = bedrockClient(gateway.url, SOURCE);
    const created = await admin.send(
      new CreateInferenceProfileCommand({ inferenceProfileName: 'reader-test', modelSource: { copyFrom: `arn:aws:bedrock:${SOURCE}::foundation-model/${NOVA_LITE}` } }),
    );
    await assert.rejects(reader.send(new TagResourceCommand({ resourceARN: created.inferenceProfileArn, tags: [{ key: 'k', value: 'v' }] })), AccessDeniedException);
    assert.deepEqual((await reader.send(new ListTagsForResourceCommand({ resourceARN: created.inferenceProfileArn }))).tags, []);
    await assert.rejects(
      admin.send(new TagResourceCommand({ resourceARN: `arn:aws:bedrock:${SOURCE}:000000000000:inference-profile/eu.${NOVA_LITE}`, tags: [{ key: 'k', value: 'v' }] })),
      ValidationException,
    );
    await assert.rejects(
      admin.send(new ListTagsForResourceCommand({ resourceARN: `arn:aws:bedrock:${SOURCE}:000000000000:application-inference-profile/nosuchprofile` })),
      ResourceNotFoundException,
    );
  });
});
