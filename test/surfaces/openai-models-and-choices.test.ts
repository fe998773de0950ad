/**
 * The rest of the OpenAI surface with the official client: `models.retrieve(id)` for profile ids with colons and
 * dots and for ARNs (the SDK percent-encodes the id), 404 in OpenAI's shape for an unknown id; and `n` > 1 served
 * by an upstream that takes it (OpenAI-compatible: the simulator returns n choices), else the 400 naming `n`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { API_KEY, testAuth, testEnv } from '../bedrock/bedrock-test-kit.js';

describe('OpenAI models.retrieve and n > 1', () => {
  let openAiSim: RunningSimulator;
  let bedrockSim: RunningSimulator;
  let gateway: TestGateway;
  let client: OpenAI;

  before(async () => {
    openAiSim = await startRegionSimulator({ regionId: 'eu-west-3', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    bedrockSim = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    gateway = await startTestGateway(
      testConfig({
        auth: testAuth,
        regions: [],
        extraDeployments: [
          { model: NOVA_LITE, region: 'eu-west-3', provider: 'openai-compatible', endpoint: `${openAiSim.url}/v1`, upstreamModel: 'sim-model' },
          { model: NOVA_LITE, region: 'eu-west-1', provider: 'bedrock', endpoint: bedrockSim.url },
        ],
      }),
      { env: testEnv() },
    );
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: API_KEY, maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await openAiSim.close();
    await bedrockSim.close();
  });

  it('retrieves a profile by id with colons and dots, and by ARN', async () => {
    const model = await client.models.retrieve(`eu.${NOVA_LITE}`);
    assert.equal(model.id, `eu.${NOVA_LITE}`);
    assert.equal(model.object, 'model');
    assert.equal(model.owned_by, 'georoute');
    const arn = `arn:aws:bedrock:eu-west-1:000000000000:inference-profile/eu.${NOVA_LITE}`;
    assert.equal((await client.models.retrieve(arn)).id, arn);
  });

  it('answers an unknown model id with a 404 in OpenAI shape', async () => {
    await assert.rejects(client.models.retrieve('eu.no-such-model:0'), (error: unknown) => error instanceof OpenAI.NotFoundError && error.param === 'model');
  });

  it('passes n to an OpenAI-compatible upstream and returns its n choices', async () => {
    const reply = await client.chat.completions.create(
      { model: `eu.${NOVA_LITE}`, messages: [{ role: 'user', content: 'three ways' }], max_tokens: 8, n: 3 },
      { headers: { 'x-georoute-source-region': 'eu-west-3' } },
    );
    assert.deepEqual(reply.choices.map((c) => c.index), [0, 1, 2]);
    assert.ok(new Set(reply.choices.map((c) => c.message.content)).size > 1, 'the alternatives differ');
    const outputs = reply.choices.reduce((sum, c) => sum + (c.message.content ?? '').trim().split(/\s+/).length, 0);
    assert.equal(reply.usage?.completion_tokens, outputs, 'usage counts the output of every choice');
  });

  it('streams n choices, each under its own index', async () => {
    const stream = await client.chat.completions.create(
      { model: `eu.${NOVA_LITE}`, messages: [{ role: 'user', content: 'two ways' }], max_tokens: 6, n: 2, stream: true },
      { headers: { 'x-georoute-source-region': 'eu-west-3' } },
    );
    const finished = new Set<number>();
    for await (const chunk of stream) for (const choice of chunk.choices) if (choice.finish_reason) finished.add(choice.index);
    assert.deepEqual([...finished].sort(), [0, 1]);
  });

  it('refuses n where only a deployment that cannot take it is inside the boundary, naming n', async () => {
    // The key's source region is eu-west-1: the bare model id reaches only the Bedrock deployment there.
    await assert.rejects(
      client.chat.completions.create({ model: NOVA_LITE, messages: [{ role: 'user', content: 'x' }], max_tokens: 4, n: 2 }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'n' && /honour n/.test(error.message),
    );
  });
});
