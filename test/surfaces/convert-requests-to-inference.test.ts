/** The surfaces' parse into the canonical request: OpenAI chat and Converse. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convertConverseRequestToInference } from '../../src/surfaces/bedrock-converse/convert-converse-request-to-inference.js';
import { parseConverseRequest } from '../../src/surfaces/bedrock-converse/converse-request-schema.js';
import { convertChatRequestToInference } from '../../src/surfaces/openai-chat/convert-chat-request-to-inference.js';
import { parseChatRequest } from '../../src/surfaces/openai-chat/openai-chat-request-schema.js';
import { openAiChatSettingName } from '../../src/surfaces/openai-chat/openai-chat-setting-names.js';
import { converseSettingName } from '../../src/surfaces/bedrock-converse/converse-setting-names.js';

describe('convertChatRequestToInference', () => {
  it('moves system messages to system, tool messages into the user turn (results first), and keeps calls as JSON text', () => {
    const request = convertChatRequestToInference(
      parseChatRequest({
        model: 'm',
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'data:image/PNG;base64,AAAA', detail: 'low' } }] },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'done' },
          { role: 'developer', content: 'and exact' },
        ],
      }),
    );
    assert.deepEqual(request.system, [{ type: 'text', text: 'be brief' }, { type: 'text', text: 'and exact' }]);
    assert.deepEqual(request.messages, [
      { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image', mediaType: 'image/png', source: { kind: 'base64', data: 'AAAA' }, detail: 'low' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'f', input: '{"a":1}' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'done' }] }] },
    ]);
  });

  it('carries every setting it sets', () => {
    const request = convertChatRequestToInference(
      parseChatRequest({
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        max_completion_tokens: 50,
        temperature: 0.5,
        top_p: 0.9,
        stop: 'END',
        seed: 3,
        logprobs: true,
        top_logprobs: 4,
        parallel_tool_calls: false,
        response_format: { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object' }, strict: true } },
        reasoning_effort: 'medium',
        service_tier: 'flex',
        user: 'u',
        metadata: { k: 'v' },
        tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
        tool_choice: { type: 'function', function: { name: 'f' } },
      }),
    );
    assert.deepEqual(request.settings, {
      maxOutputTokens: 50,
      temperature: 0.5,
      topP: 0.9,
      stopSequences: ['END'],
      seed: 3,
      logprobs: { topLogprobs: 4 },
      parallelToolCalls: false,
      responseFormat: { type: 'json-schema', name: 'w', schema: { type: 'object' }, strict: true },
      reasoning: { type: 'enabled', effort: 'medium' },
      serviceTier: 'flex',
      user: 'u',
      metadata: { k: 'v' },
    });
    assert.deepEqual(request.toolChoice, { type: 'tool', name: 'f' });
    assert.equal(openAiChatSettingName('responseFormat'), 'response_format');
    assert.equal(openAiChatSettingName('providerOptions.bedrock.guardrailConfig'), 'guardrailConfig');
  });
  it('reads a file part with its bytes as a document: a data URL gives the type, bare base64 is a PDF', () => {
    const request = convertChatRequestToInference(
      parseChatRequest({
        model: 'm',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'compare' },
              { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0x', filename: 'report.pdf' } },
              { type: 'file', file: { file_data: 'JVBERi0y' } },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(request.messages[0]?.content, [
      { type: 'text', text: 'compare' },
      { type: 'document', mediaType: 'application/pdf', source: { kind: 'base64', data: 'JVBERi0x' }, name: 'report.pdf' },
      { type: 'document', mediaType: 'application/pdf', source: { kind: 'base64', data: 'JVBERi0y' } },
    ]);
    assert.equal(request.providerOptions, undefined, 'nothing is left uncarried');
  });

  it('lists what has no canonical part by name and place, in providerOptions.openaiContent, and carries the rest', () => {
    const request = convertChatRequestToInference(
      parseChatRequest({
        model: 'm',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'listen' },
              { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
              { type: 'file', file: { file_id: 'file-abc' } },
            ],
          },
          { role: 'assistant', content: 'ok', tool_calls: [{ id: 'c1', type: 'custom', custom: { name: 'grep', input: 'x' } }] },
          { role: 'function', name: 'legacy', content: '{}' },
        ],
        tools: [
          { type: 'function', function: { name: 'f' } },
          { type: 'custom', custom: { name: 'grep' } },
        ],
        tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [{ type: 'function', function: { name: 'f' } }] } },
      }),
    );
    assert.deepEqual(request.messages, [
      { role: 'user', content: [{ type: 'text', text: 'listen' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'ok' }] },
    ]);
    assert.deepEqual(request.tools?.map((t) => (t.type === 'function' ? t.name : t.type)), ['f']);
    assert.equal(request.toolChoice, undefined);
    assert.deepEqual(request.providerOptions, {
      openaiContent: {
        input_audio: ['messages[0].content[1]'],
        file_id: ['messages[0].content[2].file.file_id'],
        custom: ['messages[1].tool_calls[0]', 'tools[1]'],
        function: ['messages[2].role'],
        allowed_tools: ['tool_choice'],
      },
    });
    assert.equal(openAiChatSettingName('providerOptions.openaiContent.input_audio'), 'input_audio');
  });
});

describe('convertChatRequestToInference: cache breakpoints and names', () => {
  it("reads a part's prompt_cache_breakpoint as a cache point after it, in system, user, assistant and tool messages", () => {
    const mark = { prompt_cache_breakpoint: { mode: 'explicit' } };
    const request = convertChatRequestToInference(
      parseChatRequest({
        model: 'm',
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'long rules', ...mark }] },
          { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' }, ...mark }, { type: 'text', text: 'see', prompt_cache_breakpoint: null }] },
          { role: 'assistant', content: [{ type: 'text', text: 'seen', ...mark }] },
          { role: 'tool', tool_call_id: 'c1', name: 'lookup', content: [{ type: 'text', text: 'result', ...mark }] },
        ],
      }),
    );
    assert.deepEqual(request.system, [{ type: 'text', text: 'long rules' }, { type: 'cache-point' }]);
    assert.deepEqual(request.messages, [
      { role: 'user', content: [{ type: 'image', mediaType: 'image/*', source: { kind: 'url', url: 'https://example.com/a.png' } }, { type: 'cache-point' }, { type: 'text', text: 'see' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'seen' }, { type: 'cache-point' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'result' }] }, { type: 'cache-point' }] },
    ]);
    assert.equal(request.providerOptions, undefined, "a tool message's name is the tool's, and asks nothing");
  });

  it("reads Anthropic's cache_control on chat parts and messages (LiteLLM's convention) as a cache point, with its TTL", () => {
    const ephemeral = { cache_control: { type: 'ephemeral' } };
    const request = convertChatRequestToInference(
      parseChatRequest({
        model: 'm',
        messages: [
          { role: 'system', content: 'long rules', cache_control: { type: 'ephemeral', ttl: '1h' } },
          { role: 'user', content: [{ type: 'text', text: 'doc', ...ephemeral }, { type: 'text', text: 'question', cache_control: null }] },
          { role: 'assistant', content: 'answer', ...ephemeral },
          { role: 'user', content: 'next', ...ephemeral },
        ],
      }),
    );
    assert.deepEqual(request.system, [{ type: 'text', text: 'long rules' }, { type: 'cache-point', ttl: '1h' }]);
    assert.deepEqual(request.messages, [
      { role: 'user', content: [{ type: 'text', text: 'doc' }, { type: 'cache-point' }, { type: 'text', text: 'question' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'answer' }, { type: 'cache-point' }] },
      { role: 'user', content: [{ type: 'text', text: 'next' }, { type: 'cache-point' }] },
    ]);
    assert.throws(() => parseChatRequest({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'x', cache_control: 'yes' }] }] }), /cache_control/);
  });

  it("lists a participant's name as uncarried, since no canonical part holds it", () => {
    const request = convertChatRequestToInference(
      parseChatRequest({ model: 'm', messages: [{ role: 'user', name: 'alice', content: 'hi' }, { role: 'assistant', name: 'planner', content: 'hello' }] }),
    );
    assert.deepEqual(request.providerOptions, { openaiContent: { name: ['messages[0].name', 'messages[1].name'] } });
  });
});

describe('convertConverseRequestToInference', () => {
  it('maps blocks to parts and Bedrock-only members to providerOptions.bedrock', () => {
    const request = convertConverseRequestToInference(
      parseConverseRequest({
        system: [{ text: 'sys' }, { cachePoint: { type: 'default' } }],
        messages: [
          { role: 'user', content: [{ text: 'q' }, { document: { name: 'doc', format: 'pdf', source: { bytes: 'JVBE' } } }] },
          { role: 'assistant', content: [{ reasoningContent: { reasoningText: { text: 'hm', signature: 'sig' } } }, { toolUse: { toolUseId: 't1', name: 'f', input: { a: 1 } } }] },
          { role: 'user', content: [{ toolResult: { toolUseId: 't1', status: 'error', content: [{ json: { ok: false } }] } }] },
        ],
        inferenceConfig: { maxTokens: 10, stopSequences: ['x'] },
        toolConfig: { tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object' } } } }], toolChoice: { any: {} } },
        requestMetadata: { team: 'a' },
        serviceTier: { type: 'priority' },
        outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: '{"type":"object"}', name: 'w' } } }, effort: 'max' },
        guardrailConfig: { guardrailIdentifier: 'g', guardrailVersion: '1' },
      }),
    );
    assert.deepEqual(request.system, [{ type: 'text', text: 'sys' }, { type: 'cache-point' }]);
    assert.deepEqual(request.messages[0]?.content[1], { type: 'document', mediaType: 'application/pdf', source: { kind: 'base64', data: 'JVBE' }, name: 'doc' });
    assert.deepEqual(request.messages[1]?.content, [{ type: 'reasoning', text: 'hm', signature: 'sig' }, { type: 'tool-call', id: 't1', name: 'f', input: '{"a":1}' }]);
    assert.deepEqual(request.messages[2]?.content, [{ type: 'tool-result', toolCallId: 't1', content: [{ type: 'json', value: { ok: false } }], isError: true }]);
    assert.deepEqual(request.settings, {
      maxOutputTokens: 10,
      stopSequences: ['x'],
      metadata: { team: 'a' },
      serviceTier: 'priority',
      responseFormat: { type: 'json-schema', name: 'w', schema: { type: 'object' } },
      reasoning: { type: 'enabled', effort: 'high' },
    });
    assert.deepEqual(request.toolChoice, { type: 'required' });
    assert.deepEqual(request.providerOptions, { bedrock: { guardrailConfig: { guardrailIdentifier: 'g', guardrailVersion: '1' }, outputConfigEffort: 'max' } });
    assert.equal(converseSettingName('providerOptions.bedrock.outputConfigEffort'), 'outputConfig.effort');
  });

  it('refuses a JSON schema that is not a JSON object, naming the member', () => {
    assert.throws(
      () => convertConverseRequestToInference(parseConverseRequest({ messages: [{ role: 'user', content: [{ text: 'q' }] }], outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: '[1' } } } } })),
      (error: unknown) => (error as { param?: string }).param === 'outputConfig.textFormat.structure.jsonSchema.schema',
    );
  });
});
