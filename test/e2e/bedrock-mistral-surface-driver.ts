/**
 * The table's Mistral surface: InvokeModel / InvokeModelWithResponseStream with Mistral's chat body, with the AWS
 * SDK v3. The answer is `{choices: [{message, stop_reason}]}` with usage in the `x-amzn-bedrock-*-token-count`
 * headers; the stream one chunk per delta (a tool call whole in one), the last with the stop reason and
 * `amazon-bedrock-invocationMetrics` (both count the uncached input, cached tokens beside it). Mistral's tool
 * choice cannot name a tool: with one tool offered, `any` forces it. The body cannot ask for structured output.
 * Not a test file.
 */
import assert from 'node:assert/strict';
import { InvokeModelCommand, InvokeModelWithResponseStreamCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { captureResponseHeaders } from '../bedrock/bedrock-test-kit.js';
import { bedrockClient, bedrockRefusal } from './bedrock-surface-drivers.js';
import { MISTRAL } from './surface-provider-table-kit.js';
import {
  checkedUsage,
  CUT_TOKENS,
  MAX_TOKENS,
  SYSTEM_PROMPT,
  TEXT_PROMPT,
  TOOL_PROMPT,
  TOOL_RESULT,
  WEATHER_TOOL,
  type AnswerUsage,
  type SurfaceDriver,
  type SurfaceSession,
} from './table-surface-driver.js';

interface MistralToolCall { id: string; function: { name: string; arguments: string } }
interface MistralChunk {
  choices: Array<{ index: number; message: { role: string; content: string; tool_calls?: MistralToolCall[] }; stop_reason: string | null }>;
  'amazon-bedrock-invocationMetrics'?: { inputTokenCount?: number; outputTokenCount?: number; cacheReadInputTokenCount?: number; cacheWriteInputTokenCount?: number };
}

interface MistralAnswer {
  text: string;
  stopReason: string | null | undefined;
  toolCalls: MistralToolCall[];
  usage: AnswerUsage;
}

const mistralTool = { type: 'function', function: { name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, parameters: WEATHER_TOOL.parameters } };

interface MistralClient {
  client: BedrockRuntimeClient;
  headers: () => Record<string, string>;
}

function mistralClient(gatewayUrl: string, sourceRegion: string): MistralClient {
  const client = bedrockClient(gatewayUrl, sourceRegion);
  return { client, headers: captureResponseHeaders(client).last };
}

async function send(bedrock: MistralClient, request: Record<string, unknown>, stream: boolean): Promise<MistralAnswer> {
  const body = new TextEncoder().encode(JSON.stringify({ max_tokens: MAX_TOKENS, ...request }));
  if (!stream) {
    const out = await bedrock.client.send(new InvokeModelCommand({ modelId: MISTRAL, contentType: 'application/json', accept: 'application/json', body }));
    const choice = (JSON.parse(new TextDecoder().decode(out.body)) as MistralChunk).choices[0];
    assert.equal(choice?.message.role, 'assistant');
    const count = (name: string) => Number(bedrock.headers()[`x-amzn-bedrock-${name}-token-count`] ?? 0);
    // The input count is the uncached part, cache reads and writes in headers of their own.
    const input = count('input') + count('cache-read-input') + count('cache-write-input');
    return { text: choice?.message.content ?? '', stopReason: choice?.stop_reason, toolCalls: choice?.message.tool_calls ?? [], usage: checkedUsage(input, count('output')) };
  }
  const out = await bedrock.client.send(new InvokeModelWithResponseStreamCommand({ modelId: MISTRAL, contentType: 'application/json', body }));
  const chunks: MistralChunk[] = [];
  for await (const event of out.body ?? []) {
    assert.ok(event.chunk?.bytes, 'every event of the stream is a chunk');
    chunks.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as MistralChunk);
  }
  assert.ok(chunks.slice(0, -1).every((chunk) => chunk.choices[0]?.stop_reason === null), 'only the last chunk has a stop reason');
  const metrics = chunks.at(-1)?.['amazon-bedrock-invocationMetrics'];
  return {
    text: chunks.map((chunk) => chunk.choices[0]?.message.content ?? '').join(''),
    stopReason: chunks.at(-1)?.choices[0]?.stop_reason,
    toolCalls: chunks.flatMap((chunk) => chunk.choices[0]?.message.tool_calls ?? []),
    usage: checkedUsage(metrics?.inputTokenCount === undefined ? undefined : metrics.inputTokenCount + (metrics.cacheReadInputTokenCount ?? 0) + (metrics.cacheWriteInputTokenCount ?? 0), metrics?.outputTokenCount),
  };
}

function mistralSession(bedrock: MistralClient): SurfaceSession {
  const textAnswer = (answer: MistralAnswer, stopReason: string) => {
    assert.equal(answer.stopReason, stopReason);
    assert.ok(answer.text.length > 0);
    assert.deepEqual(answer.toolCalls, []);
    return { text: answer.text, usage: answer.usage };
  };
  const plain = [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: TEXT_PROMPT }];
  return {
    text: async (stream) => textAnswer(await send(bedrock, { messages: plain }, stream), 'stop'),
    cutShort: async (stream) => textAnswer(await send(bedrock, { messages: plain, max_tokens: CUT_TOKENS }, stream), 'length'),
    async forcedToolCall(stream) {
      const answer = await send(bedrock, { messages: [{ role: 'user', content: TOOL_PROMPT }], tools: [mistralTool], tool_choice: 'any' }, stream);
      assert.equal(answer.stopReason, 'tool_calls');
      assert.equal(answer.toolCalls.length, 1);
      const call = answer.toolCalls[0] as MistralToolCall;
      assert.ok(call.id.length > 0);
      return { id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments) as unknown, usage: answer.usage };
    },
    answerToolResult: async (call) => textAnswer(await send(bedrock, {
      messages: [
        { role: 'user', content: TOOL_PROMPT },
        { role: 'assistant', content: '', tool_calls: [{ id: call.id, function: { name: call.name, arguments: JSON.stringify(call.arguments) } }] },
        { role: 'tool', tool_call_id: call.id, content: TOOL_RESULT },
      ],
      tools: [mistralTool],
    }, false), 'stop'),
    refusal: bedrockRefusal,
    close: () => bedrock.client.destroy(),
  };
}

export const bedrockInvokeMistralDriver: SurfaceDriver = {
  surface: 'bedrock-invoke-mistral',
  model: MISTRAL,
  connect: (gatewayUrl, sourceRegion) => mistralSession(mistralClient(gatewayUrl, sourceRegion)),
};
