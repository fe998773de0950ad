/**
 * InvokeModel and InvokeModelWithResponseStream with Meta Llama's body through the gateway, with the real AWS SDK:
 * to a `sim` deployment and a `bedrock` one of the Llama model (the fast path: the body relayed as it is, the answer
 * and chunks Llama's), to an `openai-compatible` one (converted through the canonical model, the answer rendered
 * back as Llama's); bad bodies and what only the fast path can carry are ValidationExceptions naming the member.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InvokeModelCommand, InvokeModelWithResponseStreamCommand, ValidationException, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { NOVA_LITE, type TestGateway } from '../support/test-gateway.js';
import { captureResponseHeaders, sdkClient, startBedrockTestGateway } from './bedrock-test-kit.js';

const LLAMA = 'meta.llama3-2-3b-instruct-v1:0';
const capacity = { maxConcurrent: 8, requestsPerMinute: 100_000, tokensPerMinute: 100_000_000 };
const llamaPrompt = (text: string) => `<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n${text}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n`;
const body = (value: Record<string, unknown>) => new TextEncoder().encode(JSON.stringify(value));

interface LlamaAnswer { generation: string; prompt_token_count: number | null; generation_token_count: number; stop_reason: string | null; 'amazon-bedrock-invocationMetrics'?: { inputTokenCount: number; outputTokenCount: number } }

async function invoke(client: BedrockRuntimeClient, request: Record<string, unknown>): Promise<LlamaAnswer> {
  const out = await client.send(new InvokeModelCommand({ modelId: LLAMA, contentType: 'application/json', body: body(request) }));
  return JSON.parse(new TextDecoder().decode(out.body)) as LlamaAnswer;
}

async function invokeStream(client: BedrockRuntimeClient, request: Record<string, unknown>): Promise<LlamaAnswer[]> {
  const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: LLAMA, contentType: 'application/json', body: body(request) }));
  const chunks: LlamaAnswer[] = [];
  for await (const event of out.body ?? []) if (event.chunk?.bytes) chunks.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as LlamaAnswer);
  return chunks;
}

function assertLlamaStream(chunks: readonly LlamaAnswer[], maxTokens: number): void {
  const last = chunks.at(-1);
  assert.ok(chunks.length >= 2);
  // The first chunk carries the prompt token count, or (when the upstream reports it only at the end) the last.
  const counted = chunks.filter((chunk) => chunk.prompt_token_count !== null);
  assert.equal(counted.length, 1);
  assert.ok(counted[0] === chunks[0] || counted[0] === last);
  assert.ok(chunks.slice(0, -1).every((chunk) => chunk.stop_reason === null && chunk.generation.length > 0));
  assert.equal(last?.stop_reason, 'length');
  assert.equal(last?.generation_token_count, maxTokens);
  assert.equal(last?.['amazon-bedrock-invocationMetrics']?.outputTokenCount, maxTokens);
  assert.equal(last?.['amazon-bedrock-invocationMetrics']?.inputTokenCount, counted[0]?.prompt_token_count);
}

describe('InvokeModel with a Meta Llama body', () => {
  let openAiSim: RunningSimulator;
  let bedrockSim: RunningSimulator;
  let gateway: TestGateway;
  const clients: BedrockRuntimeClient[] = [];
  const client = (region: string) => {
    const made = sdkClient(gateway, region);
    clients.push(made);
    return made;
  };

  before(async () => {
    openAiSim = await startRegionSimulator({ regionId: 'eu-west-3', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    bedrockSim = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    gateway = await startBedrockTestGateway({
      regions: [],
      overrides: {
        models: [
          { id: NOVA_LITE, name: 'Amazon Nova 2 Lite', nativeFormat: 'nova', price: { inputPerMillion: '0.33', outputPerMillion: '2.75' } },
          { id: LLAMA, name: 'Llama 3.2 3B Instruct', nativeFormat: 'llama', price: { inputPerMillion: '0.15', outputPerMillion: '0.15' } },
        ],
      },
      extraDeployments: [
        { model: LLAMA, region: 'eu-central-1', provider: 'sim', capacity, sim: { timeToFirstTokenMs: 5, tokensPerSecond: 2_000 } },
        { model: LLAMA, region: 'eu-west-1', provider: 'bedrock', endpoint: bedrockSim.url },
        { model: LLAMA, region: 'eu-west-3', provider: 'openai-compatible', endpoint: `${openAiSim.url}/v1`, upstreamModel: 'sim-model' },
      ],
    });
  });
  after(async () => {
    for (const made of clients) made.destroy();
    await gateway.close();
    await openAiSim.close();
    await bedrockSim.close();
  });

  it('a sim deployment answers the body natively, usage in the headers and the answer', async () => {
    const eu = client('eu-central-1');
    const headers = captureResponseHeaders(eu);
    const answer = await invoke(eu, { prompt: llamaPrompt('Hello Llama'), max_gen_len: 6 });
    assert.equal(headers.last()['x-georoute-inference-region'], 'eu-central-1');
    assert.ok(answer.generation.length > 0);
    assert.equal(answer.stop_reason, 'length');
    assert.equal(answer.generation_token_count, 6);
    assert.equal(headers.last()['x-amzn-bedrock-output-token-count'], '6');
    assert.equal(headers.last()['x-amzn-bedrock-input-token-count'], String(answer.prompt_token_count));
    assertLlamaStream(await invokeStream(eu, { prompt: llamaPrompt('Hello Llama'), max_gen_len: 6 }), 6);
  });

  it('a bedrock deployment of the Llama model gets the body as it is (InvokeModel, not Converse)', async () => {
    bedrockSim.resetStats();
    const west = client('eu-west-1');
    const answer = await invoke(west, { prompt: llamaPrompt('Via Bedrock'), max_gen_len: 4, temperature: 0.2 });
    assert.equal(answer.generation_token_count, 4);
    assertLlamaStream(await invokeStream(west, { prompt: llamaPrompt('Via Bedrock'), max_gen_len: 4 }), 4);
    const { invoke: invoked, 'invoke-with-response-stream': streamed, converse, 'converse-stream': converseStreamed } = bedrockSim.stats().operations;
    assert.deepEqual([invoked, streamed, converse, converseStreamed], [1, 1, 0, 0]);
  });

  it('an openai-compatible deployment serves it converted, answered in Llama shapes', async () => {
    openAiSim.resetStats();
    const paris = client('eu-west-3');
    const headers = captureResponseHeaders(paris);
    const answer = await invoke(paris, { prompt: llamaPrompt('Converted hello'), max_gen_len: 5 });
    assert.equal(headers.last()['x-georoute-inference-region'], 'eu-west-3');
    assert.deepEqual(Object.keys(answer).sort(), ['generation', 'generation_token_count', 'prompt_token_count', 'stop_reason']);
    assert.ok(answer.generation.length > 0);
    assert.equal(answer.stop_reason, 'length');
    assert.equal(answer.generation_token_count, 5);
    assertLlamaStream(await invokeStream(paris, { prompt: llamaPrompt('Converted stream'), max_gen_len: 5 }), 5);
    assert.equal(openAiSim.stats().operations['chat.completions'], 2);
  });

  it('a bad body is a ValidationException naming the member', async () => {
    const eu = client('eu-central-1');
    await assert.rejects(invoke(eu, { prompt: 'x', max_tokens: 5 }), (error: unknown) => error instanceof ValidationException && /extraneous key \[max_tokens\]/.test(error.message));
    await assert.rejects(invoke(eu, { prompt: 'x', top_p: 2 }), (error: unknown) => error instanceof ValidationException && /top_p/.test(error.message));
  });

  it('images reach only a Llama deployment; where only a converted path is in reach, a ValidationException names them', async () => {
    openAiSim.resetStats();
    const request = { prompt: llamaPrompt('<|image|>What is this?'), images: ['iVBORw0KGgoAAAANSUhEUg=='], max_gen_len: 3 };
    assert.equal((await invoke(client('eu-central-1'), request)).generation_token_count, 3);
    await assert.rejects(invoke(client('eu-west-3'), request), (error: unknown) => error instanceof ValidationException && /images/.test(error.message));
    assert.equal(openAiSim.stats().operations['chat.completions'], 0);
  });
});
