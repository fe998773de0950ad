/**
 * The table's OpenAI surfaces, with the openai SDK: chat completions (`chat.completions.create`, streamed with
 * `include_usage`) and the Responses API (`responses.create`, `responses.stream`). Not a test file.
 */
import assert from 'node:assert/strict';
import OpenAI from 'openai';
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
  type RefusedRequest,
  type SurfaceDriver,
  type TextAnswer,
  type ToolCallAnswer,
} from './table-surface-driver.js';

function openAiClient(gatewayUrl: string, sourceRegion: string): OpenAI {
  return new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': sourceRegion } });
}

function openAiRefusal(error: unknown): RefusedRequest {
  assert.ok(error instanceof OpenAI.APIError, `expected an OpenAI API error, got ${String(error)}`);
  const body = error.error as { type?: string } | undefined;
  return { status: error.status ?? 0, type: body?.type ?? '', message: error.message };
}

const chatTool: OpenAI.ChatCompletionTool = { type: 'function', function: { ...WEATHER_TOOL, parameters: { ...WEATHER_TOOL.parameters } } };

export const openAiChatDriver: SurfaceDriver = {
  surface: 'openai-chat',
  model: NOVA_LITE,
  structuredOutputSetting: 'response_format',
  connect(gatewayUrl, sourceRegion) {
    const client = openAiClient(gatewayUrl, sourceRegion);
    const model = NOVA_LITE;

    async function complete(params: Omit<OpenAI.ChatCompletionCreateParamsNonStreaming, 'model'>, stream: boolean) {
      if (!stream) {
        const answer = await client.chat.completions.create({ model, ...params });
        assert.equal(answer.object, 'chat.completion');
        const choice = answer.choices[0];
        const calls = (choice?.message.tool_calls ?? []).flatMap((call) => (call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : []));
        return { text: choice?.message.content ?? '', finish: choice?.finish_reason, calls, usage: checkedUsage(answer.usage?.prompt_tokens, answer.usage?.completion_tokens, answer.usage?.total_tokens) };
      }
      const chunks = await client.chat.completions.create({ model, ...params, stream: true, stream_options: { include_usage: true } });
      let text = '';
      let finish: string | null | undefined;
      let usage: OpenAI.CompletionUsage | null | undefined;
      const calls: Array<{ id: string; name: string; arguments: string }> = [];
      for await (const chunk of chunks) {
        // Azure's fast path relays its prompt-filter annotation as it comes: a first chunk with no choice (object "").
        if (chunk.choices.length > 0 || chunk.usage) assert.equal(chunk.object, 'chat.completion.chunk');
        const choice = chunk.choices[0];
        text += choice?.delta.content ?? '';
        finish = choice?.finish_reason ?? finish;
        for (const delta of choice?.delta.tool_calls ?? []) {
          const call = (calls[delta.index] ??= { id: '', name: '', arguments: '' });
          call.id += delta.id ?? '';
          call.name += delta.function?.name ?? '';
          call.arguments += delta.function?.arguments ?? '';
        }
        if (chunk.usage) usage = chunk.usage;
      }
      return { text, finish, calls, usage: checkedUsage(usage?.prompt_tokens, usage?.completion_tokens, usage?.total_tokens) };
    }

    return {
      async text(stream): Promise<TextAnswer> {
        const answer = await complete({ messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: TEXT_PROMPT }], max_tokens: MAX_TOKENS }, stream);
        assert.equal(answer.finish, 'stop');
        assert.ok(answer.text.length > 0);
        return { text: answer.text, usage: answer.usage };
      },
      async cutShort(stream): Promise<TextAnswer> {
        const answer = await complete({ messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: TEXT_PROMPT }], max_tokens: CUT_TOKENS }, stream);
        assert.equal(answer.finish, 'length');
        return { text: answer.text, usage: answer.usage };
      },
      async forcedToolCall(stream): Promise<ToolCallAnswer> {
        const answer = await complete({
          messages: [{ role: 'user', content: TOOL_PROMPT }],
          max_tokens: MAX_TOKENS,
          tools: [chatTool],
          tool_choice: { type: 'function', function: { name: WEATHER_TOOL.name } },
        }, stream);
        assert.equal(answer.finish, 'tool_calls');
        assert.equal(answer.calls.length, 1);
        const call = answer.calls[0];
        assert.ok(call.id.length > 0);
        return { id: call.id, name: call.name, arguments: JSON.parse(call.arguments) as unknown, usage: answer.usage };
      },
      async answerToolResult(call): Promise<TextAnswer> {
        const answer = await complete({
          messages: [
            { role: 'user', content: TOOL_PROMPT },
            { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }] },
            { role: 'tool', tool_call_id: call.id, content: TOOL_RESULT },
          ],
          max_tokens: MAX_TOKENS,
          tools: [chatTool],
        }, false);
        assert.equal(answer.finish, 'stop');
        assert.ok(answer.text.length > 0);
        return { text: answer.text, usage: answer.usage };
      },
      async structured(stream) {
        const answer = await complete({
          messages: [{ role: 'user', content: TEXT_PROMPT }],
          max_tokens: MAX_TOKENS,
          response_format: { type: 'json_schema', json_schema: { name: 'rating', schema: { ...RATING_SCHEMA }, strict: true } },
        }, stream);
        assert.equal(answer.finish, 'stop');
        return JSON.parse(answer.text) as unknown;
      },
      refusal: openAiRefusal,
      close: () => undefined,
    };
  },
};

const responsesTool: OpenAI.Responses.FunctionTool = { type: 'function', ...WEATHER_TOOL, parameters: { ...WEATHER_TOOL.parameters }, strict: false };

export const openAiResponsesDriver: SurfaceDriver = {
  surface: 'openai-responses',
  model: NOVA_LITE,
  structuredOutputSetting: 'text.format',
  connect(gatewayUrl, sourceRegion) {
    const client = openAiClient(gatewayUrl, sourceRegion);
    const model = NOVA_LITE;

    async function respond(params: Omit<OpenAI.Responses.ResponseCreateParamsNonStreaming, 'model' | 'stream'>, stream: boolean): Promise<OpenAI.Responses.Response> {
      if (!stream) return client.responses.create({ model, ...params });
      const events = client.responses.stream({ model, ...params });
      let deltas = '';
      let completed: OpenAI.Responses.Response | undefined;
      for await (const event of events) {
        if (event.type === 'response.output_text.delta') deltas += event.delta;
        // The terminal event: `response.completed`, or `response.incomplete` for an answer cut at its limit.
        if (event.type === 'response.completed' || event.type === 'response.incomplete') completed = event.response;
      }
      const final = await events.finalResponse();
      assert.equal(final.output_text, deltas, 'the deltas add up to the final text');
      assert.deepEqual(completed?.usage, final.usage);
      return final;
    }

    function usageOf(response: OpenAI.Responses.Response, status: OpenAI.Responses.ResponseStatus = 'completed') {
      assert.equal(response.object, 'response');
      assert.equal(response.status, status);
      return checkedUsage(response.usage?.input_tokens, response.usage?.output_tokens, response.usage?.total_tokens);
    }

    return {
      async text(stream) {
        const response = await respond({ instructions: SYSTEM_PROMPT, input: TEXT_PROMPT, max_output_tokens: MAX_TOKENS }, stream);
        assert.ok(response.output_text.length > 0);
        return { text: response.output_text, usage: usageOf(response) };
      },
      async cutShort(stream) {
        const response = await respond({ instructions: SYSTEM_PROMPT, input: TEXT_PROMPT, max_output_tokens: CUT_TOKENS }, stream);
        assert.equal(response.incomplete_details?.reason, 'max_output_tokens');
        return { text: response.output_text, usage: usageOf(response, 'incomplete') };
      },
      async forcedToolCall(stream) {
        const response = await respond({ input: TOOL_PROMPT, max_output_tokens: MAX_TOKENS, tools: [responsesTool], tool_choice: { type: 'function', name: WEATHER_TOOL.name } }, stream);
        const calls = response.output.filter((item) => item.type === 'function_call');
        assert.equal(calls.length, 1);
        const call = calls[0];
        assert.ok(call.call_id.length > 0);
        return { id: call.call_id, name: call.name, arguments: JSON.parse(call.arguments) as unknown, usage: usageOf(response) };
      },
      async answerToolResult(call) {
        const response = await respond({
          input: [
            { role: 'user', content: TOOL_PROMPT },
            { type: 'function_call', call_id: call.id, name: call.name, arguments: JSON.stringify(call.arguments) },
            { type: 'function_call_output', call_id: call.id, output: TOOL_RESULT },
          ],
          max_output_tokens: MAX_TOKENS,
          tools: [responsesTool],
        }, false);
        assert.ok(response.output_text.length > 0);
        return { text: response.output_text, usage: usageOf(response) };
      },
      async structured(stream) {
        const response = await respond({
          input: TEXT_PROMPT,
          max_output_tokens: MAX_TOKENS,
          text: { format: { type: 'json_schema', name: 'rating', schema: { ...RATING_SCHEMA }, strict: true } },
        }, stream);
        usageOf(response);
        return JSON.parse(response.output_text) as unknown;
      },
      refusal: openAiRefusal,
      close: () => undefined,
    };
  },
};
