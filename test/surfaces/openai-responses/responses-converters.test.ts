/**
 * The Responses surface's pure converters against recorded fixtures, both directions: a Responses request ->
 * the canonical request; a canonical result -> the response object; canonical stream parts -> the event sequence
 * (with `sequence_number`), whose closing response is the JSON answer. Plus the refusals that name what the
 * canonical model cannot carry.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { InferenceResult } from '../../../src/inference/inference-result.js';
import type { InferenceStreamPart } from '../../../src/inference/inference-stream-part.js';
import { listRequestedSettings } from '../../../src/capabilities/list-requested-settings.js';
import { GeorouteError } from '../../../src/errors/error-catalog.js';
import { parseResponsesRequest } from '../../../src/surfaces/openai-responses/responses-request-schema.js';
import { convertResponsesRequestToInference } from '../../../src/surfaces/openai-responses/convert-responses-request-to-inference.js';
import { buildResponsesToolNames } from '../../../src/surfaces/openai-responses/responses-tool-names.js';
import { renderResponsesResult } from '../../../src/surfaces/openai-responses/render-responses-result.js';
import { ResponsesStreamRenderer } from '../../../src/surfaces/openai-responses/responses-stream-renderer.js';
import { responsesSettingName } from '../../../src/surfaces/openai-responses/responses-setting-names.js';
import type { ResponsesRenderInput } from '../../../src/surfaces/openai-responses/responses-output-items.js';
import { resolveResponsesHistory } from '../../../src/surfaces/openai-responses/resolve-responses-history.js';
import type { ResponseStore } from '../../../src/responses-store/response-store-contract.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const requestBody = JSON.parse(fixture('responses-request.json')) as Record<string, unknown>;

function convert(body: Record<string, unknown>) {
  const request = parseResponsesRequest(body);
  return convertResponsesRequestToInference(request, buildResponsesToolNames(request));
}

function renderInput(body: Record<string, unknown> = requestBody): ResponsesRenderInput {
  const request = parseResponsesRequest(body);
  return {
    request,
    rawTools: (body.tools as unknown[] | undefined) ?? [],
    rawToolChoice: body.tool_choice,
    names: buildResponsesToolNames(request),
    responseId: 'resp_0123abcd',
    createdAt: 1764547200,
    model: String(body.model),
    store: false,
    includeEncryptedReasoning: true,
  };
}

/**
 * The events, their `obfuscation` padding (random) checked and taken out: on every delta event and no other, random
 * base64url characters bringing the delta and the padding to whole blocks of 16.
 */
function streamEvents(parts: InferenceStreamPart[], input = renderInput()) {
  const renderer = new ResponsesStreamRenderer(input);
  const events = parts.flatMap((part) => renderer.push(part));
  events.push(...renderer.finish());
  return events.map((e) => {
    const { obfuscation, ...data } = JSON.parse(e.data) as Record<string, unknown>;
    if (e.eventType.endsWith('.delta')) {
      assert.match(String(obfuscation), /^[A-Za-z0-9_-]+$/, e.eventType);
      assert.equal((String(data.delta).length + String(obfuscation).length) % 16, 0, e.eventType);
    } else {
      assert.equal(obfuscation, undefined, e.eventType);
    }
    return { type: e.eventType, data };
  });
}

function refusedSettings(body: Record<string, unknown>): string[] {
  return listRequestedSettings(convert(body)).map(responsesSettingName);
}

describe('Responses converters (fixtures, both directions)', () => {
  test('a Responses request -> the canonical request', () => {
    assert.deepEqual(convert(requestBody), JSON.parse(fixture('responses-request.canonical.json')));
  });

  test('a canonical result -> the response object', () => {
    const result = JSON.parse(fixture('inference-result.json')) as InferenceResult;
    assert.deepEqual(renderResponsesResult(result, renderInput()), JSON.parse(fixture('responses-response.json')));
  });

  test('canonical stream parts -> the Responses event sequence, numbered from 0', () => {
    const parts = JSON.parse(fixture('inference-stream.parts.json')) as InferenceStreamPart[];
    const events = streamEvents(parts);
    const expected = fixture('responses-stream.events.txt').trim().split('\n').map((line) => {
      const space = line.indexOf(' ');
      return { type: line.slice(0, space), data: JSON.parse(line.slice(space + 1)) as Record<string, unknown> };
    });
    assert.deepEqual(events, expected);
    assert.deepEqual(events.map((e) => e.data.sequence_number), events.map((_, i) => i));
    for (const e of events) assert.equal(e.data.type, e.type);
  });

  test('stream_options.include_obfuscation: false leaves the padding out of every delta event', () => {
    const parts = JSON.parse(fixture('inference-stream.parts.json')) as InferenceStreamPart[];
    const renderer = new ResponsesStreamRenderer(renderInput({ ...requestBody, stream: true, stream_options: { include_obfuscation: false } }));
    const events = [...parts.flatMap((part) => renderer.push(part)), ...renderer.finish()];
    assert.ok(events.some((e) => e.eventType === 'response.output_text.delta'));
    for (const e of events) assert.equal((JSON.parse(e.data) as { obfuscation?: unknown }).obfuscation, undefined, e.eventType);
  });

  test('the streamed answer closes with the same response object as the JSON answer', () => {
    const parts = JSON.parse(fixture('inference-stream.parts.json')) as InferenceStreamPart[];
    const completed = streamEvents(parts).at(-1);
    assert.equal(completed?.type, 'response.completed');
    assert.deepEqual(completed?.data.response, JSON.parse(fixture('responses-response.json')));
  });
});

describe('Responses reasoning: a summary as detailed as there is is the reasoning itself', () => {
  const result = JSON.parse(fixture('inference-result.json')) as InferenceResult;
  const parts = JSON.parse(fixture('inference-stream.parts.json')) as InferenceStreamPart[];
  const reasoningOf = (output: unknown[]) => output.find((item) => (item as { type: string }).type === 'reasoning') as { summary: unknown[]; content?: unknown[] };

  test('reasoning.summary auto (the fixture) renders the reasoning as summary_text, JSON and streamed', () => {
    const item = reasoningOf(renderResponsesResult(result, renderInput()).output as unknown[]);
    assert.deepEqual(item.summary, [{ type: 'summary_text', text: 'Check the weather first.' }]);
    assert.equal(item.content, undefined);
    assert.ok(streamEvents(parts).some((e) => e.type === 'response.reasoning_summary_text.delta'));
  });

  test('without a summary, or with generate_summary detailed, reasoning comes back as content or summary accordingly', () => {
    const plain = renderInput({ ...requestBody, reasoning: { effort: 'low' } });
    const item = reasoningOf(renderResponsesResult(result, plain).output as unknown[]);
    assert.deepEqual(item.summary, []);
    assert.deepEqual(item.content, [{ type: 'reasoning_text', text: 'Check the weather first.' }]);
    const types = streamEvents(parts, plain).map((e) => e.type);
    assert.ok(types.includes('response.reasoning_text.delta') && !types.some((t) => t.startsWith('response.reasoning_summary')));
    const detailed = renderInput({ ...requestBody, reasoning: { effort: 'low', generate_summary: 'detailed' } });
    assert.equal(reasoningOf(renderResponsesResult(result, detailed).output as unknown[]).summary.length, 1);
  });
});

describe('Responses stream: stops and failures', () => {
  const text: InferenceStreamPart[] = [
    { type: 'stream-start' },
    { type: 'text-delta', index: 0, delta: 'Hello' },
    { type: 'block-end', index: 0 },
  ];

  test('a length stop ends in response.incomplete with reason max_output_tokens and an incomplete message', () => {
    const events = streamEvents([...text, { type: 'finish', reason: { kind: 'length' } }, { type: 'usage', usage: { inputTokens: 3, outputTokens: 1 } }]);
    const last = events.at(-1);
    assert.equal(last?.type, 'response.incomplete');
    const response = last?.data.response as { status: string; incomplete_details: unknown; output: Array<{ status: string }> };
    assert.equal(response.status, 'incomplete');
    assert.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
    assert.equal(response.output[0]?.status, 'incomplete');
    const done = events.find((e) => e.type === 'response.output_item.done')?.data.item as { status: string } | undefined;
    assert.equal(done?.status, 'incomplete');
  });

  test('an upstream error part ends in response.failed, then an error event, and nothing after', () => {
    const renderer = new ResponsesStreamRenderer(renderInput());
    const events = [...text, { type: 'error', kind: 'unavailable', message: 'The upstream failed.' } as const].flatMap((p) => renderer.push(p));
    events.push(...renderer.finish());
    const types = events.map((e) => e.eventType);
    assert.deepEqual(types.slice(-2), ['response.failed', 'error']);
    const failed = JSON.parse(events.at(-2)?.data ?? '{}') as { response: { status: string; error: { code: string; message: string } } };
    assert.equal(failed.response.status, 'failed');
    assert.deepEqual(failed.response.error, { code: 'server_error', message: 'The upstream failed.' });
    assert.ok(!types.includes('response.completed'));
  });
});

describe('Responses request: what the canonical model cannot carry is named', () => {
  const base = { model: 'm', input: 'hi' };

  test('built-in tools are listed by type for the no-silent-drops check', () => {
    const names = refusedSettings({ ...base, tools: [{ type: 'web_search' }, { type: 'file_search', vector_store_ids: ['vs'] }, { type: 'code_interpreter', container: { type: 'auto' } }] });
    assert.deepEqual(names.map((n) => /^tools of type "(\w+)"/.exec(n)?.[1]), ['web_search', 'file_search', 'code_interpreter']);
  });

  test('input items of other types, text.verbosity and truncation auto are named in wire words', () => {
    const names = refusedSettings({ ...base, input: [{ type: 'computer_call_output', call_id: 'c', output: {} }], text: { verbosity: 'low' }, truncation: 'auto' });
    assert.deepEqual(names.sort(), ['input of type "computer_call_output"', 'text.verbosity', 'truncation'].sort());
  });

  test('parallel_tool_calls true and service_tier auto are the defaults and ask nothing', () => {
    assert.deepEqual(refusedSettings({ ...base, parallel_tool_calls: true, service_tier: 'auto' }), []);
    assert.deepEqual(refusedSettings({ ...base, parallel_tool_calls: false }), ['parallel_tool_calls']);
  });

  test('background, conversation and an unknown member are 400s naming them', () => {
    for (const [body, param] of [
      [{ ...base, background: true }, 'background'],
      [{ ...base, conversation: 'conv_1' }, 'conversation'],
    ] as const) {
      assert.throws(() => convert(body), (e: unknown) => e instanceof GeorouteError && e.status === 400 && e.param === param);
    }
    assert.throws(() => parseResponsesRequest({ ...base, temprature: 1 }), (e: unknown) => e instanceof GeorouteError && e.status === 400 && /temprature/.test(e.message));
  });

  test('a known item with a bad member is reported at that member, not taken as an unknown item', () => {
    assert.throws(
      () => parseResponsesRequest({ ...base, input: [{ type: 'function_call', call_id: 'c', name: 'f' }] }),
      (e: unknown) => e instanceof GeorouteError && e.param === 'input[0].arguments',
    );
  });

  test('an item_reference without the response store is a 400 naming the item', () => {
    assert.throws(() => convert({ ...base, input: [{ type: 'item_reference', id: 'msg_1' }] }), (e: unknown) => e instanceof GeorouteError && e.param === 'input[0]');
  });

  test('a namespaced function that collides with a plain one is a 400', () => {
    const tools = [{ type: 'function', name: 'a__b' }, { type: 'namespace', name: 'a', description: '', tools: [{ type: 'function', name: 'b' }] }];
    assert.throws(() => buildResponsesToolNames(parseResponsesRequest({ ...base, tools })), (e: unknown) => e instanceof GeorouteError && e.param === 'tools[1]');
  });
});

describe('Responses request: what the SDK allows is accepted, and nothing is dropped silently', () => {
  const base = { model: 'm', input: 'hi' };
  const rejectsAt = (body: Record<string, unknown>, param: string) =>
    assert.throws(() => convert(body), (e: unknown) => e instanceof GeorouteError && e.status === 400 && e.param === param);
  const onlyMembers = (body: Record<string, unknown>) => convert(body).providerOptions?.['openai-responses'] ?? {};

  test('reasoning.effort max is taken like xhigh: no canonical effort, named for the no-silent-drops check', () => {
    for (const effort of ['xhigh', 'max'] as const) {
      const request = convert({ ...base, reasoning: { effort } });
      assert.equal(request.settings.reasoning, undefined, 'no canonical effort claims to be it');
      assert.deepEqual(listRequestedSettings(request).map(responsesSettingName), [`reasoning.effort "${effort}"`]);
    }
  });

  test('a concise summary, a context other than auto and a mode are named; auto/detailed summaries, null and absent ask nothing here', () => {
    const names = refusedSettings({ ...base, reasoning: { summary: 'concise', generate_summary: 'concise', context: 'all_turns', mode: 'pro' } });
    assert.deepEqual(names.sort(), ['reasoning.context', 'reasoning.generate_summary "concise"', 'reasoning.mode', 'reasoning.summary "concise"']);
    assert.deepEqual(refusedSettings({ ...base, reasoning: { summary: 'auto', generate_summary: 'detailed', context: 'auto', mode: null } }), []);
    assert.deepEqual(refusedSettings({ ...base, reasoning: { summary: null, generate_summary: null, context: null } }), []);
    assert.throws(() => parseResponsesRequest({ ...base, reasoning: { effort: 'low', budget: 1 } }), (e: unknown) => e instanceof GeorouteError && e.param === 'reasoning.budget' && e.message === "Unknown parameter: 'reasoning.budget'.");
  });

  test('nulls in function_call_output content parts are read as absent', () => {
    const request = convert({
      ...base,
      input: [{
        type: 'function_call_output',
        call_id: 'c',
        output: [
          { type: 'input_image', image_url: 'https://example.com/a.png', detail: null, file_id: null, prompt_cache_breakpoint: null },
          { type: 'input_file', file_data: 'JVBERi0=', file_url: null, filename: null, file_id: null, prompt_cache_breakpoint: null },
          { type: 'input_text', text: 'done', prompt_cache_breakpoint: null },
        ],
      }],
    });
    assert.deepEqual(request.messages, [{
      role: 'user',
      content: [{
        type: 'tool-result',
        toolCallId: 'c',
        content: [
          { type: 'image', mediaType: 'image/*', source: { kind: 'url', url: 'https://example.com/a.png' } },
          { type: 'document', mediaType: 'application/pdf', source: { kind: 'base64', data: 'JVBERi0=' } },
          { type: 'text', text: 'done' },
        ],
      }],
    }]);
    assert.equal(request.providerOptions, undefined);
  });

  test('an item_reference may leave its type out or null: without the store it is the 400 naming the item', () => {
    rejectsAt({ ...base, input: [{ role: 'user', content: 'x' }, { id: 'msg_1' }] }, 'input[1]');
    rejectsAt({ ...base, input: [{ type: null, id: 'msg_1' }] }, 'input[0]');
  });

  test('an untyped item_reference is resolved from the response store like a typed one', () => {
    const item = { id: 'msg_abc_0', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'kept' }] };
    const store: ResponseStore = {
      sourceRegionId: 'eu-central-1',
      put: () => undefined,
      get: (id) => (id === 'resp_abc' ? { id, sourceRegionId: 'eu-central-1', ownerId: 'o', createdAtMs: 0, expiresAtMs: 1, inputItems: [], response: { output: [item] } } : undefined),
      purgeExpired: () => 0,
      close: () => undefined,
    };
    const body = { model: 'm', input: [{ id: 'msg_abc_0' }, { type: null, id: 'msg_abc_0' }, { type: 'item_reference', id: 'msg_abc_0' }] };
    const history = resolveResponsesHistory(parseResponsesRequest(body), body, { store, ownerId: 'o', nowMs: 0 });
    assert.deepEqual(history.input, [item, item, item]);
  });

  test('a namespace function\'s parameters may be any value: an object is its schema, anything else is named', () => {
    const tool = (parameters: unknown) => ({ type: 'namespace', name: 'ns', description: '', tools: [{ type: 'function', name: 'f', parameters }] });
    const schemaOf = (parameters: unknown) => convert({ ...base, tools: [tool(parameters)] }).tools?.flatMap((t) => (t.type === 'function' ? [t.inputSchema] : []));
    assert.deepEqual(schemaOf(null), [{ type: 'object', properties: {} }]);
    assert.deepEqual(schemaOf({ type: 'object' }), [{ type: 'object' }]);
    assert.deepEqual(onlyMembers({ ...base, tools: [tool('a string')] }), { namespace_function_parameters: ['tools[0].tools[0].parameters'] });
    assert.deepEqual(refusedSettings({ ...base, tools: [tool([1])] }).filter((n) => n !== 'tools'), ['tools[].tools[].parameters that is not an object']);
  });

  test('a namespace\'s description is carried: the model reads it before each of its functions\' own', () => {
    const tools = [{ type: 'namespace', name: 'agents', description: 'Sub-agents.', tools: [{ type: 'function', name: 'spawn', description: 'Start one.' }, { type: 'function', name: 'stop' }] }];
    assert.deepEqual(convert({ ...base, tools }).tools?.map((t) => t.type === 'function' && t.description), ['Sub-agents.\n\nStart one.', 'Sub-agents.']);
  });

  test('input_image.detail original and input_file.detail low/high are named where they are; auto asks nothing', () => {
    const input = [{
      role: 'user',
      content: [
        { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'original' },
        { type: 'input_file', file_url: 'https://example.com/a.pdf', detail: 'high' },
        { type: 'input_file', file_url: 'https://example.com/b.pdf', detail: 'auto' },
      ],
    }];
    assert.deepEqual(onlyMembers({ ...base, input }), { image_detail_original: ['input[0].content[0].detail'], file_detail: ['input[0].content[1].detail'] });
    assert.deepEqual(refusedSettings({ ...base, input }).filter((n) => !['input_image', 'input_file', 'input_image.image_url'].includes(n)).sort(), ['input_file.detail', 'input_image.detail "original"']);
  });

  test('prompt_cache_breakpoint is a canonical cache point after its part; inside a function output it is named', () => {
    const breakpoint = { mode: 'explicit' };
    const request = convert({
      ...base,
      input: [
        { role: 'developer', content: [{ type: 'input_text', text: 'rules', prompt_cache_breakpoint: breakpoint }] },
        { role: 'user', content: [{ type: 'input_text', text: 'long document', prompt_cache_breakpoint: breakpoint }, { type: 'input_text', text: 'question' }] },
      ],
    });
    assert.deepEqual(request.system, [{ type: 'text', text: 'rules' }, { type: 'cache-point' }]);
    assert.deepEqual(request.messages[0]?.content, [{ type: 'text', text: 'long document' }, { type: 'cache-point' }, { type: 'text', text: 'question' }]);
    assert.deepEqual(listRequestedSettings(request).map(responsesSettingName), ['prompt_cache_breakpoint']);
    const output = [{ type: 'input_text', text: 'result', prompt_cache_breakpoint: breakpoint }];
    assert.deepEqual(onlyMembers({ ...base, input: [{ type: 'function_call_output', call_id: 'c', output }] }), { function_output_cache_breakpoint: ['input[0].output[0].prompt_cache_breakpoint'] });
  });

  test('images and files in assistant, system or developer messages are named where they are, not dropped', () => {
    const image = { type: 'input_image', image_url: 'https://example.com/a.png' };
    const request = convert({ ...base, input: [{ role: 'system', content: [{ type: 'input_text', text: 's' }, image] }, { role: 'assistant', content: [{ type: 'output_text', text: 'a' }, image] }] });
    assert.deepEqual(request.providerOptions?.['openai-responses'], { system_media: ['input[0].content[1]'], assistant_media: ['input[1].content[1]'] });
    assert.deepEqual(request.system, [{ type: 'text', text: 's' }]);
    assert.deepEqual(request.messages, [{ role: 'assistant', content: [{ type: 'text', text: 'a' }] }]);
  });

  test('caller program and message phase are named where they are; caller direct and null ask nothing', () => {
    const input = [
      { role: 'assistant', content: 'thinking aloud', phase: 'commentary' },
      { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}', caller: { type: 'program', caller_id: 'prog_1' } },
      { type: 'function_call_output', call_id: 'c1', output: 'ok', caller: { type: 'program', caller_id: 'prog_1' } },
      { type: 'function_call', call_id: 'c2', name: 'f', arguments: '{}', caller: { type: 'direct' } },
      { type: 'function_call_output', call_id: 'c2', output: 'ok', caller: null },
      { role: 'assistant', content: 'done', phase: null },
    ];
    assert.deepEqual(onlyMembers({ ...base, input }), { message_phase: ['input[0].phase'], caller_program: ['input[1].caller', 'input[2].caller'] });
    assert.deepEqual(refusedSettings({ ...base, input }).sort(), ['caller (program)', 'phase']);
  });

  test('function tools: allowed_callers beyond direct, defer_loading and output_schema are named; their defaults ask nothing', () => {
    const fn = { type: 'function', name: 'f', parameters: { type: 'object' }, strict: null };
    const tools = [
      { ...fn, allowed_callers: ['direct', 'programmatic'], defer_loading: true, output_schema: { type: 'object' } },
      { ...fn, name: 'g', allowed_callers: ['direct'], defer_loading: false, output_schema: null },
      { type: 'namespace', name: 'ns', description: 'd', tools: [{ type: 'function', name: 'h', defer_loading: true }] },
    ];
    assert.deepEqual(onlyMembers({ ...base, tools }), {
      function_allowed_callers: ['tools[0].allowed_callers'],
      function_defer_loading: ['tools[0].defer_loading', 'tools[2].tools[0].defer_loading'],
      function_output_schema: ['tools[0].output_schema'],
    });
    assert.deepEqual(onlyMembers({ ...base, tools: [tools[1]] }), {});
  });

  test('a user beside a different safety_identifier is named; the same one, or either alone, is carried', () => {
    assert.equal(convert({ ...base, user: 'u', safety_identifier: 'u' }).settings.user, 'u');
    assert.equal(convert({ ...base, user: 'u' }).settings.user, 'u');
    const both = convert({ ...base, user: 'u', safety_identifier: 's' });
    assert.equal(both.settings.user, 's');
    assert.deepEqual(both.providerOptions?.['openai-responses'], { user_beside_safety_identifier: 'u' });
  });

  test('stream_options.include_obfuscation asks nothing of a deployment: the renderer pads, or not', () => {
    assert.deepEqual(onlyMembers({ ...base, stream: true, stream_options: { include_obfuscation: true } }), {});
    assert.deepEqual(onlyMembers({ ...base, stream: true, stream_options: { include_obfuscation: false } }), {});
    assert.deepEqual(onlyMembers({ ...base, stream: false, stream_options: { include_obfuscation: true } }), {});
  });

  test('a 400 inside a nested union names the whole path', () => {
    const image = { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'bogus' };
    for (const [body, param] of [
      [{ ...base, input: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }, { role: 'user', content: [image] }] }, 'input[2].content[0].detail'],
      [{ ...base, input: [{ role: 'user', content: 'a' }, { type: 'function_call_output', call_id: 'c', output: [image] }] }, 'input[1].output[0].detail'],
      [{ ...base, tools: [{ type: 'function', name: 'f' }, { type: 'namespace', name: 'ns', tools: [{ type: 'function', name: 'bad name' }] }] }, 'tools[1].tools[0].name'],
    ] as const) {
      assert.throws(() => parseResponsesRequest(body), (e: unknown) => e instanceof GeorouteError && e.status === 400 && e.code === 'invalid_request' && e.param === param, param);
    }
  });
});
