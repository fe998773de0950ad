/**
 * The table's Bedrock surfaces with the AWS SDK v3: Converse / ConverseStream, and InvokeModel /
 * InvokeModelWithResponseStream with Nova's body (Converse-shaped JSON; stream chunks wrap each ConverseStream
 * event as `{"<eventType>": body}`, the last one with `amazon-bedrock-invocationMetrics`). Not a test file.
 */
import assert from 'node:assert/strict';
import {
  BedrockRuntimeClient,
  BedrockRuntimeServiceException,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type ContentBlock,
  type ConverseCommandInput,
  type Message,
  type StopReason,
  type Tool,
} from '@aws-sdk/client-bedrock-runtime';
import { NOVA_LITE } from './surface-provider-table-kit.js';
import {
  checkedUsage,
  CUT_TOKENS,
  MAX_TOKENS,
  RATING_SCHEMA,
  SYSTEM_PROMPT,
  TEXT_PROMPT,
  TOOL_PROMPT,
  TOOL_RESULT,
  WEATHER_TOOL,
  type AnswerUsage,
  type RefusedRequest,
  type SurfaceDriver,
  type SurfaceSession,
} from './table-surface-driver.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** What a Converse-shaped answer reduces to, from either operation pair. */
interface ConverseShapedAnswer {
  text: string;
  stopReason: string | undefined;
  toolUses: Array<{ toolUseId: string; name: string; input: unknown }>;
  usage: AnswerUsage;
}

type ConverseShapedRequest = Pick<ConverseCommandInput, 'messages' | 'system' | 'toolConfig' | 'outputConfig'> & { maxTokens?: number };

const converseTool: Tool = { toolSpec: { name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, inputSchema: { json: { ...WEATHER_TOOL.parameters } } } };

export function bedrockClient(gatewayUrl: string, sourceRegion: string): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ region: sourceRegion, endpoint: gatewayUrl, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 });
}

export function bedrockRefusal(error: unknown): RefusedRequest {
  assert.ok(error instanceof BedrockRuntimeServiceException, `expected a Bedrock service error, got ${String(error)}`);
  return { status: error.$metadata.httpStatusCode ?? 0, type: error.name, message: error.message };
}

/** Converse's usage (`cache*InputTokens`) or Nova's (`cache*InputTokenCount`): `inputTokens` is the uncached part. */
interface WireUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  cacheReadInputTokenCount?: number;
  cacheWriteInputTokenCount?: number;
}

/** All input tokens, and the total (every input token plus the output), checked. */
function checkedWireUsage(usage: WireUsage | undefined): AnswerUsage {
  const cached = (usage?.cacheReadInputTokens ?? usage?.cacheReadInputTokenCount ?? 0) + (usage?.cacheWriteInputTokens ?? usage?.cacheWriteInputTokenCount ?? 0);
  return checkedUsage(usage?.inputTokens === undefined ? undefined : usage.inputTokens + cached, usage?.outputTokens, usage?.totalTokens);
}

/** Assembles a stream of Converse-shaped events (ConverseStream's, or Nova's chunks decoded). */
class ConverseEventAssembler {
  text = '';
  stopReason: string | undefined;
  usage: WireUsage | undefined;
  private readonly toolUses = new Map<number, { toolUseId: string; name: string; input: string }>();

  push(event: {
    contentBlockStart?: { contentBlockIndex?: number; start?: { toolUse?: { toolUseId?: string; name?: string } } };
    contentBlockDelta?: { contentBlockIndex?: number; delta?: { text?: string; toolUse?: { input?: string } } };
    messageStop?: { stopReason?: string };
    metadata?: { usage?: WireUsage };
  }): void {
    const start = event.contentBlockStart?.start?.toolUse;
    if (start !== undefined) this.toolUses.set(event.contentBlockStart?.contentBlockIndex ?? 0, { toolUseId: start.toolUseId ?? '', name: start.name ?? '', input: '' });
    const delta = event.contentBlockDelta?.delta;
    this.text += delta?.text ?? '';
    if (delta?.toolUse?.input !== undefined) {
      const call = this.toolUses.get(event.contentBlockDelta?.contentBlockIndex ?? 0);
      assert.ok(call, 'a tool-use delta follows its block start');
      call.input += delta.toolUse.input;
    }
    this.stopReason = event.messageStop?.stopReason ?? this.stopReason;
    this.usage = event.metadata?.usage ?? this.usage;
  }

  answer(): ConverseShapedAnswer {
    return {
      text: this.text,
      stopReason: this.stopReason,
      toolUses: [...this.toolUses.values()].map((call) => ({ toolUseId: call.toolUseId, name: call.name, input: JSON.parse(call.input === '' ? '{}' : call.input) as unknown })),
      usage: checkedWireUsage(this.usage),
    };
  }
}

function answerOfBlocks(blocks: ContentBlock[] | undefined, stopReason: StopReason | string | undefined, usage: AnswerUsage): ConverseShapedAnswer {
  return {
    text: (blocks ?? []).map((block) => block.text ?? '').join(''),
    stopReason,
    toolUses: (blocks ?? []).flatMap((block) => (block.toolUse ? [{ toolUseId: block.toolUse.toolUseId ?? '', name: block.toolUse.name ?? '', input: block.toolUse.input }] : [])),
    usage,
  };
}

/** The four requests of the table in Converse's shape, over whichever operation pair `send` uses. */
function converseShapedSession(send: (request: ConverseShapedRequest, stream: boolean) => Promise<ConverseShapedAnswer>, refusal: SurfaceSession['refusal'], close: () => void, structured: boolean): SurfaceSession {
  const textAnswer = (answer: ConverseShapedAnswer) => {
    assert.equal(answer.stopReason, 'end_turn');
    assert.ok(answer.text.length > 0);
    return { text: answer.text, usage: answer.usage };
  };
  const toolMessages = (call: { id: string; name: string; arguments: unknown }): Message[] => [
    { role: 'user', content: [{ text: TOOL_PROMPT }] },
    { role: 'assistant', content: [{ toolUse: { toolUseId: call.id, name: call.name, input: call.arguments as never } }] },
    { role: 'user', content: [{ toolResult: { toolUseId: call.id, content: [{ text: TOOL_RESULT }] } }] },
  ];
  return {
    text: async (stream) => textAnswer(await send({ system: [{ text: SYSTEM_PROMPT }], messages: [{ role: 'user', content: [{ text: TEXT_PROMPT }] }] }, stream)),
    async cutShort(stream) {
      const answer = await send({ system: [{ text: SYSTEM_PROMPT }], messages: [{ role: 'user', content: [{ text: TEXT_PROMPT }] }], maxTokens: CUT_TOKENS }, stream);
      assert.equal(answer.stopReason, 'max_tokens');
      return { text: answer.text, usage: answer.usage };
    },
    async forcedToolCall(stream) {
      const answer = await send({ messages: [{ role: 'user', content: [{ text: TOOL_PROMPT }] }], toolConfig: { tools: [converseTool], toolChoice: { tool: { name: WEATHER_TOOL.name } } } }, stream);
      assert.equal(answer.stopReason, 'tool_use');
      assert.equal(answer.toolUses.length, 1);
      const call = answer.toolUses[0];
      assert.ok(call.toolUseId.length > 0);
      return { id: call.toolUseId, name: call.name, arguments: call.input, usage: answer.usage };
    },
    answerToolResult: async (call) => textAnswer(await send({ messages: toolMessages(call), toolConfig: { tools: [converseTool] } }, false)),
    ...(structured
      ? {
          async structured(stream: boolean) {
            const answer = await send({
              messages: [{ role: 'user', content: [{ text: TEXT_PROMPT }] }],
              outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { name: 'rating', schema: JSON.stringify(RATING_SCHEMA) } } } },
            }, stream);
            assert.equal(answer.stopReason, 'end_turn');
            return JSON.parse(answer.text) as unknown;
          },
        }
      : {}),
    refusal,
    close,
  };
}

export const bedrockConverseDriver: SurfaceDriver = {
  surface: 'bedrock-converse',
  model: NOVA_LITE,
  structuredOutputSetting: 'outputConfig.textFormat',
  connect(gatewayUrl, sourceRegion) {
    const client = bedrockClient(gatewayUrl, sourceRegion);
    return converseShapedSession(async ({ maxTokens, ...request }, stream) => {
      const inferenceConfig = { maxTokens: maxTokens ?? MAX_TOKENS };
      if (!stream) {
        const out = await client.send(new ConverseCommand({ modelId: NOVA_LITE, inferenceConfig, ...request }));
        assert.equal(out.output?.message?.role, 'assistant');
        return answerOfBlocks(out.output?.message?.content, out.stopReason, checkedWireUsage(out.usage));
      }
      const out = await client.send(new ConverseStreamCommand({ modelId: NOVA_LITE, inferenceConfig, ...request }));
      const assembler = new ConverseEventAssembler();
      for await (const event of out.stream ?? []) assembler.push(event);
      return assembler.answer();
    }, bedrockRefusal, () => client.destroy(), true);
  },
};

interface NovaInvokeResponse {
  output?: { message?: { role?: string; content?: ContentBlock[] } };
  stopReason?: string;
  usage?: WireUsage;
}

export const bedrockInvokeNovaDriver: SurfaceDriver = {
  surface: 'bedrock-invoke-nova',
  model: NOVA_LITE,
  connect(gatewayUrl, sourceRegion) {
    const client = bedrockClient(gatewayUrl, sourceRegion);
    const bodyOf = ({ maxTokens, ...request }: ConverseShapedRequest) => new TextEncoder().encode(JSON.stringify({ ...request, inferenceConfig: { maxTokens: maxTokens ?? MAX_TOKENS } }));
    return converseShapedSession(async (request, stream) => {
      if (!stream) {
        const out = await client.send(new InvokeModelCommand({ modelId: NOVA_LITE, contentType: 'application/json', accept: 'application/json', body: bodyOf(request) }));
        const body = JSON.parse(new TextDecoder().decode(out.body)) as NovaInvokeResponse;
        assert.equal(body.output?.message?.role, 'assistant');
        return answerOfBlocks(body.output?.message?.content, body.stopReason, checkedWireUsage(body.usage));
      }
      const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: NOVA_LITE, contentType: 'application/json', body: bodyOf(request) }));
      const assembler = new ConverseEventAssembler();
      let metrics: { inputTokenCount?: number; outputTokenCount?: number } | undefined;
      for await (const event of out.body ?? []) {
        assert.ok(event.chunk?.bytes, 'every event of the stream is a chunk');
        const chunk = JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as Parameters<ConverseEventAssembler['push']>[0] & { 'amazon-bedrock-invocationMetrics'?: typeof metrics };
        assembler.push(chunk);
        metrics = chunk['amazon-bedrock-invocationMetrics'] ?? metrics;
      }
      const answer = assembler.answer();
      // Both count the uncached input tokens.
      assert.deepEqual({ input: metrics?.inputTokenCount, output: metrics?.outputTokenCount }, { input: assembler.usage?.inputTokens, output: answer.usage.outputTokens }, 'the invocation metrics agree with the usage');
      return answer;
    }, bedrockRefusal, () => client.destroy(), false);
  },
};
