/**
 * The table's Claude surfaces: the Messages API with @anthropic-ai/sdk, and Bedrock InvokeModel with Claude's body
 * (`anthropic_version: bedrock-2023-05-31`) with @anthropic-ai/bedrock-sdk. Both clients share the SDK's
 * `messages.create` / `messages.stream`, so one session drives either; both ask for structured output as
 * `output_config.format`. Not a test file.
 */
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { CLAUDE } from './surface-provider-table-kit.js';
import { checkedUsage, CUT_TOKENS, MAX_TOKENS, RATING_SCHEMA, SYSTEM_PROMPT, TEXT_PROMPT, TOOL_PROMPT, TOOL_RESULT, WEATHER_TOOL, type SurfaceDriver, type SurfaceSession } from './table-surface-driver.js';

const claudeTool: Anthropic.Tool = { name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, input_schema: { ...WEATHER_TOOL.parameters } };

/** What both clients' `messages` have in common, all the table uses. */
type ClaudeMessages = Pick<Anthropic['messages'], 'create' | 'stream'>;

function claudeSession(messages: ClaudeMessages, refusalType: (error: InstanceType<typeof Anthropic.APIError>) => string): SurfaceSession {
  async function send(params: Omit<Anthropic.MessageCreateParamsNonStreaming, 'model' | 'max_tokens'>, stream: boolean, maxTokens = MAX_TOKENS): Promise<Anthropic.Message> {
    const full = { model: CLAUDE, max_tokens: maxTokens, ...params };
    if (!stream) return messages.create(full);
    const events = messages.stream(full);
    let text = '';
    events.on('text', (delta) => (text += delta));
    const final = await events.finalMessage();
    assert.equal(final.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join(''), text, 'the deltas add up to the final text');
    return final;
  }

  function checked(message: Anthropic.Message, stopReason: Anthropic.StopReason) {
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
    assert.equal(message.stop_reason, stopReason);
    const { input_tokens, cache_read_input_tokens, cache_creation_input_tokens, output_tokens } = message.usage;
    return checkedUsage(input_tokens + (cache_read_input_tokens ?? 0) + (cache_creation_input_tokens ?? 0), output_tokens);
  }

  const textOf = (message: Anthropic.Message) => message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');

  return {
    async text(stream) {
      const message = await send({ system: SYSTEM_PROMPT, messages: [{ role: 'user', content: TEXT_PROMPT }] }, stream);
      const usage = checked(message, 'end_turn');
      assert.ok(textOf(message).length > 0);
      return { text: textOf(message), usage };
    },
    async cutShort(stream) {
      const message = await send({ system: SYSTEM_PROMPT, messages: [{ role: 'user', content: TEXT_PROMPT }] }, stream, CUT_TOKENS);
      return { text: textOf(message), usage: checked(message, 'max_tokens') };
    },
    async forcedToolCall(stream) {
      const message = await send({ messages: [{ role: 'user', content: TOOL_PROMPT }], tools: [claudeTool], tool_choice: { type: 'tool', name: WEATHER_TOOL.name } }, stream);
      const usage = checked(message, 'tool_use');
      const calls = message.content.filter((block) => block.type === 'tool_use');
      assert.equal(calls.length, 1);
      const call = calls[0];
      assert.ok(call.id.length > 0);
      return { id: call.id, name: call.name, arguments: call.input, usage };
    },
    async answerToolResult(call) {
      const message = await send({
        messages: [
          { role: 'user', content: TOOL_PROMPT },
          { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: call.name, input: call.arguments }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: TOOL_RESULT }] },
        ],
        tools: [claudeTool],
      }, false);
      const usage = checked(message, 'end_turn');
      assert.ok(textOf(message).length > 0);
      return { text: textOf(message), usage };
    },
    async structured(stream) {
      const message = await send({ messages: [{ role: 'user', content: TEXT_PROMPT }], output_config: { format: { type: 'json_schema', schema: { ...RATING_SCHEMA } } } }, stream);
      checked(message, 'end_turn');
      return JSON.parse(textOf(message)) as unknown;
    },
    refusal(error) {
      assert.ok(error instanceof Anthropic.APIError, `expected an Anthropic API error, got ${String(error)}`);
      return { status: error.status ?? 0, type: refusalType(error), message: error.message };
    },
    close: () => undefined,
  };
}

export const anthropicMessagesDriver: SurfaceDriver = {
  surface: 'anthropic-messages',
  model: CLAUDE,
  structuredOutputSetting: 'output_config.format',
  connect(gatewayUrl, sourceRegion) {
    const client = new Anthropic({ apiKey: 'unused', baseURL: gatewayUrl, maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': sourceRegion } });
    return claudeSession(client.messages, (error) => (error.error as { error?: { type?: string } } | undefined)?.error?.type ?? '');
  },
};

export const bedrockInvokeClaudeDriver: SurfaceDriver = {
  surface: 'bedrock-invoke-claude',
  model: CLAUDE,
  structuredOutputSetting: 'output_config.format',
  connect(gatewayUrl, sourceRegion) {
    const client = new AnthropicBedrock({ awsRegion: sourceRegion, awsAccessKey: 'AKIDTEST', awsSecretKey: 'secret', baseURL: gatewayUrl, maxRetries: 0 });
    return claudeSession(client.messages, (error) => error.headers?.get('x-amzn-errortype')?.split(':')[0] ?? '');
  },
};
