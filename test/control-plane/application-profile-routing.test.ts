/**
 * Application profiles end to end: created with the BedrockClient, they survive a gateway restart (same data
 * directory), route exactly inside the boundary of what they copy when called with the official OpenAI client,
 * and their tags reach the audit records of the source region.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { CreateInferenceProfileCommand, DeleteInferenceProfileCommand, GetInferenceProfileCommand, ListInferenceProfilesCommand } from '@aws-sdk/client-bedrock';
import { EU_REGIONS, NOVA_LITE } from '../support/test-gateway.js';
import type { RunningGateway } from '../../src/gateway/gateway-runtime.js';
import { bedrockClient, controlPlaneConfig, newDataDir, OPENAI_KEY, readAuditRecords, startGatewayAt } from './control-plane-test-kit.js';

const SOURCE = 'eu-central-1';
const config = controlPlaneConfig({ maxConcurrent: 2 });

async function createProfiles(url: string): Promise<{ euCopyArn: string; parisArn: string }> {
  const client = bedrockClient(url, SOURCE);
  try {
    const euCopy = await client.send(
      new CreateInferenceProfileCommand({
        inferenceProfileName: 'team-a',
        modelSource: { copyFrom: `arn:aws:bedrock:${SOURCE}:000000000000:inference-profile/eu.${NOVA_LITE}` },
        tags: [{ key: 'team', value: 'a' }, { key: 'cost-center', value: 'cc-7' }],
      }),
    );
    const paris = await client.send(
      new CreateInferenceProfileCommand({
        inferenceProfileName: 'paris-only',
        modelSource: { copyFrom: `arn:aws:bedrock:eu-west-3::foundation-model/${NOVA_LITE}` },
        tags: [{ key: 'team', value: 'fr' }],
      }),
    );
    return { euCopyArn: euCopy.inferenceProfileArn ?? '', parisArn: paris.inferenceProfileArn ?? '' };
  } finally {
    client.destroy();
  }
}

async function burst(client: OpenAI, model: string, count: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const { response } = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'burst' }], max_tokens: 30 }).withResponse();
      return response.headers.get('x-georoute-inference-region') ?? 'none';
    }),
  );
}

describe('application profiles across a restart, in traffic and in the audit trail', () => {
  let dataDir: string;
  let gateway: RunningGateway | undefined;
  let euCopyArn: string;
  let parisArn: string;
  const idOf = (arn: string) => arn.split('/')[1];

  before(async () => {
    dataDir = newDataDir();
    const first = await startGatewayAt(dataDir, config);
    try {
      ({ euCopyArn, parisArn } = await createProfiles(first.url));
    } finally {
      await first.close();
    }
    gateway = await startGatewayAt(dataDir, config);
  });
  after(async () => {
    await gateway?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('still has both profiles after the restart, with the same ids and boundaries', async () => {
    assert.ok(gateway);
    const client = bedrockClient(gateway.url, SOURCE);
    try {
      const listed = await client.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));
      assert.deepEqual((listed.inferenceProfileSummaries ?? []).map((p) => p.inferenceProfileArn).sort(), [euCopyArn, parisArn].sort());
      const paris = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: parisArn }));
      assert.equal(paris.inferenceProfileName, 'paris-only');
      assert.deepEqual(paris.models, [{ modelArn: `arn:aws:bedrock:eu-west-3::foundation-model/${NOVA_LITE}` }]);
    } finally {
      client.destroy();
    }
    assert.ok(gateway.context.profiles.list().some((p) => p.id === idOf(euCopyArn)), 'GET /v1/models lists application profiles too');
  });

  it('keeps the traffic of a copy of eu. inside the EU geography, and of a copy of the eu-west-3 model in eu-west-3', async () => {
    assert.ok(gateway);
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: OPENAI_KEY, maxRetries: 0 });
    const euRegions = await burst(openai, idOf(euCopyArn), 12);
    for (const region of euRegions) assert.ok((EU_REGIONS as readonly string[]).includes(region), `${region} is outside the EU boundary`);
    assert.ok(new Set(euRegions).size > 1, 'a burst over 2-slot regions spills over inside the boundary');
    const parisRegions = await burst(openai, parisArn, 6);
    assert.deepEqual(new Set(parisRegions), new Set(['eu-west-3']));
  });

  it('writes the tags of the application profile into the audit records, and forgets a deleted profile on restart', async () => {
    assert.ok(gateway);
    const client = bedrockClient(gateway.url, SOURCE);
    try {
      await client.send(new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: parisArn }));
    } finally {
      client.destroy();
    }
    await gateway.close();
    gateway = undefined;

    const records = readAuditRecords(dataDir, SOURCE);
    const euCopy = records.filter((r) => r.additionalEventData.profileId === idOf(euCopyArn));
    const paris = records.filter((r) => r.additionalEventData.profileId === idOf(parisArn));
    assert.equal(euCopy.length, 12);
    assert.equal(paris.length, 6);
    for (const record of euCopy) assert.deepEqual(record.additionalEventData.tags, { team: 'a', 'cost-center': 'cc-7' });
    for (const record of paris) {
      assert.deepEqual(record.additionalEventData.tags, { team: 'fr' });
      assert.equal(record.additionalEventData.inferenceRegion, 'eu-west-3');
    }

    gateway = await startGatewayAt(dataDir, config);
    const again = bedrockClient(gateway.url, SOURCE);
    try {
      const listed = await again.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));
      assert.deepEqual((listed.inferenceProfileSummaries ?? []).map((p) => p.inferenceProfileArn), [euCopyArn]);
    } finally {
      again.destroy();
    }
  });
});
