/**
 * InvokeModel and InvokeModelWithResponseStream with Mistral's chat body through the gateway, with the real AWS
 * SDK: to a `sim` deployment and a `bedrock` one of Mistral Large 2 (the fast path: the body relayed as it is, the
 * answer and chunks Mistral's), to an `openai-compatible` one (converted through the canonical model, the answer
 * rendered back in Mistral's shapes), Pixtral Large through its `eu.` profile with an image; a tool call round trip
 * each way; bad bodies, and what only the fast path can carry, are ValidationExceptions naming the field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InvokeModelCommand, InvokeModelWithResponseStreamCommand, ValidationException, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { NOVA_LITE, type TestGateway } from '../support/test-gateway.js';
import { captureResponseHeaders, sdkClient, startBedrockTestGateway } from './bedrock-test-kit.js';

const MISTRAL = 'mistral.mistral-large-2407-v1:0';
const PIXTRAL = 'mistral.pixtral-large-2502-v1:0';
const capacity = { maxConcurrent: 8, requestsPerMinute: 100_000, tokensPerMinute: 100_000_000 };
const fast = { timeToFirstTokenMs: 5, tokensPerSecond: 2_000 };
const body = (value: Record<string, unknown>) => new TextEncoder().encode(JSON.stringify(value));
const WEATHER = { type: 'function', function: { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
const ask = (text: string) => [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: text }];

interface ToolCall { id: string; function: { name: string; arguments: string } }
interface Choice { index: number; message: { role: string; content: string; tool_calls?: ToolCall[] }; stop_reason: string | null }
interface MistralAnswer { choices: Choice[]; 'amazon-bedrock-invocationMetrics'?: { inputTokenCount: number; outputTokenCount: number } }

async function invoke(client: BedrockRuntimeClient, request: Record<string, unknown>, modelId = MISTRAL): Promise<Choice> {
  const out = await client.send(new InvokeModelCommand({ modelId, contentType: 'application/json', body: body(request) }));
  const answer = JSON.parse(new TextDecoder().decode(out.body)) as MistralAnswer;
  assert.deepEqual(Object.keys(answer), ['choices'], 'the answer carries no usage of its own');
  assert.equal(answer.choices.length, 1);
  return answer.choices[0] as Choice;
}

async function invokeStream(client: BedrockRuntimeClient, request: Record<string, unknown>): Promise<MistralAnswer[]> {
  const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: MISTRAL, contentType: 'application/json', body: body(request) }));
  const chunks: MistralAnswer[] = [];
  for await (const event of out.body ?? []) if (event.chunk?.bytes) chunks.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as MistralAnswer);
  return chunks;
}

/** Every chunk but the last has no stop reason; the last has it and the metrics; returns the text and tool calls. */
function assembled(chunks: readonly MistralAnswer[], stopReason: string): { text: string; toolCalls: ToolCall[]; metrics: { inputTokenCount: number; outputTokenCount: number } } {
  const last = chunks.at(-1);
  assert.ok(chunks.length >= 2);
  assert.ok(chunks.slice(0, -1).every((chunk) => chunk.choices[0]?.stop_reason === null && chunk['amazon-bedrock-invocationMetrics'] === undefined));
  assert.equal(last?.choices[0]?.stop_reason, stopReason);
  const metrics = last?.['amazon-bedrock-invocationMetrics'];
  assert.ok(metrics !== undefined && metrics.inputTokenCount > 0 && metrics.outputTokenCount > 0);
  return {
    text: chunks.map((chunk) => chunk.choices[0]?.message.content ?? '').join(''),
    toolCalls: chunks.flatMap((chunk) => chunk.choices[0]?.message.tool_calls ?? []),
    metrics,
  };
}

describe('InvokeModel with a Mistral chat body', () => {
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
    openAiSim = await startRegionSimulator({ regionId: 'eu-west-3', ...fast });
    bedrockSim = await startRegionSimulator({ regionId: 'eu-west-1', ...fast });
    gateway = await startBedrockTestGateway({
      regions: [],
      overrides: {
        models: [
          { id: NOVA_LITE, name: 'Amazon Nova 2 Lite', nativeFormat: 'nova', price: { inputPerMillion: '0.33', outputPerMillion: '2.75' } },
          { id: MISTRAL, name: 'Mistral Large 2 (24.07)', nativeFormat: 'mistral', price: { inputPerMillion: '2', outputPerMillion: '6' } },
          { id: PIXTRAL, name: 'Pixtral Large (25.02)', nativeFormat: 'mistral', price: { inputPerMillion: '2', outputPerMillion: '6' } },
        ],
      },
      extraDeployments: [
        { model: MISTRAL, region: 'eu-central-1', provider: 'sim', capacity, sim: fast },
        { model: PIXTRAL, region: 'eu-central-1', provider: 'sim', capacity, sim: fast },
        { model: MISTRAL, region: 'eu-west-1', provider: 'bedrock', endpoint: bedrockSim.url },
        { model: MISTRAL, region: 'eu-west-3', provider: 'openai-compatible', endpoint: `${openAiSim.url}/v1`, upstreamModel: 'sim-model' },
      ],
    });
  });
  after(async () => {
    for (const made of clients) made.destroy();
    await gateway.close();
    await openAiSim.close();
    await bedrockSim.close();
  });

  it('a sim deployment answers natively: usage in the headers, chunks per delta, metrics on the last', async () => {
    const eu = client('eu-central-1');
    const headers = captureResponseHeaders(eu);
    const answer = await invoke(eu, { messages: ask('Hello Mistral'), max_tokens: 6 });
    assert.equal(headers.last()['x-georoute-inference-region'], 'eu-central-1');
    assert.equal(answer.message.role, 'assistant');
    assert.ok(answer.message.content.length > 0);
    assert.equal(answer.stop_reason, 'length');
    assert.equal(headers.last()['x-amzn-bedrock-output-token-count'], '6');
    const inputTokenCount = Number(headers.last()['x-amzn-bedrock-input-token-count']);
    assert.ok(inputTokenCount > 0);
    const stream = assembled(await invokeStream(eu, { messages: ask('Hello Mistral'), max_tokens: 6 }), 'length');
    assert.equal(stream.text, answer.message.content);
    assert.deepEqual(stream.metrics, { ...stream.metrics, inputTokenCount, outputTokenCount: 6 });
  });

  it('a sim deployment calls the tool for a weather question, then answers its result', async () => {
    const eu = client('eu-central-1');
    const question = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const call = await invoke(eu, { messages: question, tools: [WEATHER] });
    assert.equal(call.stop_reason, 'tool_calls');
    const toolCall = call.message.tool_calls?.[0];
    assert.ok(toolCall !== undefined && /^[a-zA-Z0-9]{9}$/.test(toolCall.id));
    assert.equal(toolCall.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(toolCall.function.arguments), { city: 'sim' });
    const streamed = assembled(await invokeStream(eu, { messages: question, tools: [WEATHER] }), 'tool_calls');
    assert.deepEqual(streamed.toolCalls, call.message.tool_calls);
    const history = [...question, { role: 'assistant', content: '', tool_calls: [toolCall] }, { role: 'tool', tool_call_id: toolCall.id, content: 'sunny, 21 C' }];
    const answer = await invoke(eu, { messages: history, tools: [WEATHER], max_tokens: 64 });
    assert.equal(answer.stop_reason, 'stop');
    assert.ok(answer.message.content.length > 0 && answer.message.tool_calls === undefined);
  });

  it('Pixtral through its eu. profile takes an image part', async () => {
    const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==' } };
    const answer = await invoke(client('eu-central-1'), { messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, image] }], max_tokens: 3 }, `eu.${PIXTRAL}`);
    assert.equal(answer.stop_reason, 'length');
  });

  it('a bedrock deployment of the Mistral model gets the body as it is (InvokeModel, not Converse)', async () => {
    bedrockSim.resetStats();
    const west = client('eu-west-1');
    const answer = await invoke(west, { messages: ask('Via Bedrock'), max_tokens: 4, temperature: 0.2, safe_prompt: true });
    assert.equal(answer.stop_reason, 'length');
    assembled(await invokeStream(west, { messages: ask('Via Bedrock'), tools: [WEATHER], tool_choice: 'any' }), 'tool_calls');
    const { invoke: invoked, 'invoke-with-response-stream': streamed, converse, 'converse-stream': converseStreamed } = bedrockSim.stats().operations;
    assert.deepEqual([invoked, streamed, converse, converseStreamed], [1, 1, 0, 0]);
  });

  it('an openai-compatible deployment serves it converted, a tool call round trip answered in Mistral shapes', async () => {
    openAiSim.resetStats();
    const paris = client('eu-west-3');
    const headers = captureResponseHeaders(paris);
    const answer = await invoke(paris, { messages: ask('Converted hello'), max_tokens: 5 });
    assert.equal(headers.last()['x-georoute-inference-region'], 'eu-west-3');
    assert.equal(answer.stop_reason, 'length');
    assert.equal(headers.last()['x-amzn-bedrock-output-token-count'], '5');
    assembled(await invokeStream(paris, { messages: ask('Converted stream'), max_tokens: 5 }), 'length');
    const question = ask('Look up Paris for me.');
    const call = await invoke(paris, { messages: question, tools: [WEATHER], tool_choice: 'any' });
    assert.equal(call.stop_reason, 'tool_calls');
    const toolCall = call.message.tool_calls?.[0];
    assert.ok(toolCall !== undefined);
    assert.deepEqual(JSON.parse(toolCall.function.arguments), { city: 'sim' });
    const streamed = assembled(await invokeStream(paris, { messages: question, tools: [WEATHER], tool_choice: 'any' }), 'tool_calls');
    assert.deepEqual(streamed.toolCalls.map((c) => c.function), [toolCall.function]);
    const history = [...question, { role: 'assistant', content: '', tool_calls: [toolCall] }, { role: 'tool', tool_call_id: toolCall.id, content: 'sunny, 21 C' }];
    const answered = await invoke(paris, { messages: history, tools: [WEATHER], max_tokens: 64 });
    assert.equal(answered.stop_reason, 'stop');
    assert.ok(answered.message.content.length > 0);
    assert.equal(openAiSim.stats().operations['chat.completions'], 5);
  });

  it('a bad body is a ValidationException naming the field', async () => {
    const eu = client('eu-central-1');
    const refused = (field: RegExp) => (error: unknown) => error instanceof ValidationException && field.test(error.message);
    await assert.rejects(invoke(eu, { prompt: '<s>[INST] Hi [/INST]' }), refused(/messages/));
    await assert.rejects(invoke(eu, { messages: ask('x'), tool_choice: 'required' }), refused(/tool_choice/));
    await assert.rejects(invoke(eu, { messages: [{ role: 'tool', content: 'x' }] }), refused(/tool_call_id/));
  });

  it('what only a Mistral deployment can carry is refused by name where only a converted path is in reach', async () => {
    openAiSim.resetStats();
    const request = { messages: ask('Careful now'), safe_prompt: true, max_tokens: 3 };
    assert.equal((await invoke(client('eu-central-1'), request)).stop_reason, 'length');
    await assert.rejects(invoke(client('eu-west-3'), request), (error: unknown) => error instanceof ValidationException && /safe_prompt/.test(error.message));
    assert.equal(openAiSim.stats().operations['chat.completions'] ?? 0, 0);
  });
});
