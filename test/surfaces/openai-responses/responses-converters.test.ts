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

function streamEvents(parts: InferenceStreamPart[], input = renderInput()) {
  const renderer = new ResponsesStreamRenderer(input);
  const events = parts.flatMap((part) => renderer.push(part));
  events.push(...renderer.finish());
  return events.map((e) => ({ type: e.eventType, data: JSON.parse(e.data) as Record<string, unknown> }));
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

  test('the streamed answer closes with the same response object as the JSON answer', () => {
    const parts = JSON.parse(fixture('inference-stream.parts.json')) as InferenceStreamPart[];
    const completed = streamEvents(parts).at(-1);
    assert.equal(completed?.type, 'response.completed');
    assert.deepEqual(completed?.data.response, JSON.parse(fixture('responses-response.json')));
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
