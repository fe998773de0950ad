/**
 * Reasoning history (the thinking blocks Claude Code sends back with their signatures), with the Anthropic SDK:
 * it goes only to a deployment whose wire holds it; a deployment whose wire cannot (Azure OpenAI's chat
 * completions) is no candidate, and with none left the caller gets a 400 naming `thinking`, unless the operator
 * lets the model drop it (`droppableSettings: [reasoningContent]`), which takes the thinking out of the history.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { API_KEY, EU_PROFILE, testAuth, testEnv } from '../bedrock/bedrock-test-kit.js';

const DROPPING_MODEL = 'acme.forgets-thinking-v1';
const AZURE_KEY_ENV = 'GEOROUTE_TEST_REASONING_AZURE_KEY';

const history: Anthropic.MessageParam[] = [
  { role: 'user', content: 'Is 17 prime?' },
  {
    role: 'assistant',
    content: [
      { type: 'thinking', thinking: '17 has no divisor between 2 and 4.', signature: 'c2lnbmF0dXJlLW9mLXRoZS10aGlua2luZw==' },
      { type: 'text', text: 'Yes.' },
    ],
  },
  { role: 'user', content: 'And 21?' },
];

describe('reasoning history to a wire that cannot hold it', () => {
  let azureSim: RunningSimulator;
  let bedrockSim: RunningSimulator;
  let gateway: TestGateway;
  let anthropic: Anthropic;
  const azureRequests = () => azureSim.stats().operations['azure.chat.completions'] ?? 0;

  before(async () => {
    azureSim = await startRegionSimulator({ regionId: 'swedencentral', timeToFirstTokenMs: 2, tokensPerSecond: 2_000 });
    bedrockSim = await startRegionSimulator({ regionId: 'eu-west-3', timeToFirstTokenMs: 2, tokensPerSecond: 2_000 });
    const azure = (model: string) => ({
      model, region: 'eu-west-1', provider: 'azure-openai', endpoint: azureSim.url, upstreamModel: 'chat-eu',
      credentials: { apiKeyEnv: AZURE_KEY_ENV }, azure: { deploymentType: 'standard', apiVersion: '2024-10-21' },
    });
    const config = testConfig({
      auth: testAuth,
      regions: [],
      extraDeployments: [azure(NOVA_LITE), { model: NOVA_LITE, region: 'eu-west-3', provider: 'bedrock', endpoint: bedrockSim.url }, azure(DROPPING_MODEL)],
    });
    config.models = [
      ...(config.models as unknown[]),
      { id: DROPPING_MODEL, name: 'Forgets thinking', nativeFormat: 'nova', price: { inputPerMillion: '1', outputPerMillion: '1' }, droppableSettings: ['reasoningContent'] },
    ];
    gateway = await startTestGateway(config, { env: { ...testEnv(), [AZURE_KEY_ENV]: 'azure-test-key' } });
    // The key's source region is eu-west-1: a bare model id reaches only the azure deployment there.
    anthropic = new Anthropic({ baseURL: gateway.url, apiKey: API_KEY, maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await azureSim.close();
    await bedrockSim.close();
  });

  it('answers 400 naming thinking when the only deployment in reach cannot carry it, and sends nothing upstream', async () => {
    const before = azureRequests();
    await assert.rejects(anthropic.messages.create({ model: NOVA_LITE, max_tokens: 32, messages: history }), (error: unknown) => {
      assert.ok(error instanceof Anthropic.BadRequestError, String(error));
      assert.match(error.message, /honour thinking/);
      return true;
    });
    assert.equal(azureRequests(), before);
  });

  it('serves the turn from a deployment in the boundary whose wire holds it (Converse reasoningContent)', async () => {
    const before = azureRequests();
    const { data, response } = await anthropic.messages.create({ model: EU_PROFILE, max_tokens: 32, messages: history }).withResponse();
    assert.equal(response.headers.get('x-georoute-inference-region'), 'eu-west-3');
    assert.ok(data.content.some((block) => block.type === 'text' && block.text.length > 0));
    assert.equal(azureRequests(), before, 'the azure deployment was not tried');
  });

  it('takes the thinking out where the operator lets the model drop it, and answers', async () => {
    const before = azureRequests();
    const message = await anthropic.messages.create({ model: DROPPING_MODEL, max_tokens: 32, messages: history });
    assert.ok(message.content.some((block) => block.type === 'text' && block.text.length > 0));
    assert.equal(azureRequests(), before + 1);
  });
});
