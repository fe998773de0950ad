/**
 * Unknown members inside Responses input items and content parts, with the openai SDK against a real gateway and
 * simulators on loopback: a member OpenAI's Responses API does not have is a 400 in OpenAI's words (`Unknown
 * parameter: 'input[1].metadata'.`, `param` the whole path), before anything goes upstream, instead of being lost
 * on a converted path. Every member the SDK documents for an input type is taken: each item and part below is typed
 * `Required<...>` of its SDK type, so it sets all of them (a member the SDK adds fails to compile until listed here).
 * And a real answer of the gateway (JSON and stream: reasoning with `encrypted_content`, a function call, text with
 * `annotations` and `logprobs`) sent back as `input` through a converted path (Converse) is served.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startRegionSimulator, type RunningSimulator } from '../../../sim/index.js';
import { GeorouteError } from '../../../src/errors/error-catalog.js';
import { parseResponsesRequest } from '../../../src/surfaces/openai-responses/responses-request-schema.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../../support/test-gateway.js';

type Item = OpenAI.Responses.ResponseInputItem;

/** Converse (a `bedrock` deployment): reasoning and tool calls. */
const CONVERSE = 'eu-central-1';
/** Chat completions (a `sim` deployment): logprobs. */
const CHAT = 'eu-west-1';
/** A deployment that speaks the Responses API itself: the body as it came. */
const RELAYED = 'eu-north-1';

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

const breakpoint = { mode: 'explicit' } as const;
const inputText: Required<OpenAI.Responses.ResponseInputText> = { type: 'input_text', text: 'Look at these.', prompt_cache_breakpoint: breakpoint };
const inputImage: Required<OpenAI.Responses.ResponseInputImage> = { type: 'input_image', detail: 'high', image_url: 'data:image/png;base64,iVBORw0KGgo=', file_id: null, prompt_cache_breakpoint: breakpoint };
const inputFile: Required<OpenAI.Responses.ResponseInputFile> = {
  type: 'input_file', detail: 'auto', file_data: 'data:application/pdf;base64,JVBERi0=', file_url: 'https://example.com/a.pdf', file_id: null, filename: 'a.pdf', prompt_cache_breakpoint: breakpoint,
};
/** The SDK types audio (`ResponseInputAudio`) but leaves it out of a message's content list: the schema takes it still (only a Responses upstream reads it). */
const inputAudio: Required<OpenAI.Responses.ResponseInputAudio> = { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } };
const audioPart = inputAudio as unknown as OpenAI.Responses.ResponseInputContent;
const outputText: Required<OpenAI.Responses.ResponseOutputText> = {
  type: 'output_text',
  text: 'Sunny, see the file.',
  annotations: [
    { type: 'file_citation', file_id: 'file_1', filename: 'a.pdf', index: 0 },
    { type: 'url_citation', url: 'https://example.com', title: 'Example', start_index: 0, end_index: 5 },
    { type: 'container_file_citation', container_id: 'cntr_1', file_id: 'file_2', filename: 'b.csv', start_index: 0, end_index: 5 },
    { type: 'file_path', file_id: 'file_3', index: 1 },
  ],
  logprobs: [{ token: 'Sunny', bytes: [83, 117, 110, 110, 121], logprob: -0.1, top_logprobs: [{ token: 'Sunny', bytes: [83, 117, 110, 110, 121], logprob: -0.1 }] }],
};
const refusal: Required<OpenAI.Responses.ResponseOutputRefusal> = { type: 'refusal', refusal: 'Not that part.' };

const easyMessage: Required<OpenAI.Responses.EasyInputMessage> = { type: 'message', role: 'user', content: [inputText, inputImage, inputFile, audioPart], phase: null };
const inputMessage: Required<OpenAI.Responses.ResponseInputItem.Message> = { type: 'message', role: 'developer', content: [inputText], status: 'completed' };
const outputMessage: Required<OpenAI.Responses.ResponseOutputMessage> = { type: 'message', id: 'msg_1', role: 'assistant', content: [outputText, refusal], status: 'completed', phase: 'final_answer' };
const functionCall: Required<OpenAI.Responses.ResponseFunctionToolCall> = {
  type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', namespace: 'weather', caller: { type: 'direct' }, status: 'completed',
};
const outputParts: [Required<OpenAI.Responses.ResponseInputTextContent>, Required<OpenAI.Responses.ResponseInputImageContent>, Required<OpenAI.Responses.ResponseInputFileContent>] = [
  { type: 'input_text', text: '{"celsius":21}', prompt_cache_breakpoint: null },
  { type: 'input_image', detail: null, image_url: 'data:image/png;base64,iVBORw0KGgo=', file_id: null, prompt_cache_breakpoint: null },
  { type: 'input_file', detail: 'auto', file_data: 'JVBERi0=', file_url: null, file_id: null, filename: null, prompt_cache_breakpoint: null },
];
const functionCallOutput: Required<OpenAI.Responses.ResponseInputItem.FunctionCallOutput> = {
  type: 'function_call_output', id: 'fco_1', call_id: 'call_1', output: outputParts, caller: { type: 'program', caller_id: 'prog_1' }, status: 'completed',
};
const reasoning: Required<OpenAI.Responses.ResponseReasoningItem> = {
  type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Weather first.' }], content: [{ type: 'reasoning_text', text: 'Ask for the weather.' }], encrypted_content: 'c2lnbmF0dXJl', status: 'completed',
};
const itemReference: Required<OpenAI.Responses.ResponseInputItem.ItemReference> = { type: 'item_reference', id: 'msg_1' };

/** Every known item type with every documented member set (item_reference apart: only the response store resolves it). */
const everyMember: Item[] = [inputMessage, easyMessage, reasoning, functionCall, functionCallOutput, outputMessage, { role: 'user', content: 'And tomorrow?' }];

/** Each item type and part with one member OpenAI does not have, and the `param` it must be answered with. */
const unknownMembers: Array<[string, unknown[]]> = [
  ['input[1].metadata', [{ role: 'user', content: 'a' }, { role: 'user', content: 'b', metadata: { k: 'v' } }]],
  ['input[0].content[2].foo', [{ role: 'user', content: [inputText, inputImage, { type: 'input_text', text: 'c', foo: 1 }] }]],
  ['input[0].name', [{ ...inputMessage, name: 'dev' }]],
  ['input[0].end_turn', [{ ...outputMessage, end_turn: true }]],
  ['input[0].content[0].cache_control', [{ role: 'user', content: [{ ...inputText, cache_control: { type: 'ephemeral' } }] }]],
  ['input[0].content[0].prompt_cache_breakpoint.ttl', [{ role: 'user', content: [{ ...inputText, prompt_cache_breakpoint: { mode: 'explicit', ttl: '1h' } }] }]],
  ['input[0].content[1].alt', [{ role: 'user', content: [inputText, { ...inputImage, alt: 'a chart' }] }]],
  ['input[0].content[0].mime_type', [{ role: 'user', content: [{ ...inputFile, mime_type: 'application/pdf' }] }]],
  ['input[0].content[0].transcript', [{ role: 'user', content: [{ ...inputAudio, transcript: 'hi' }] }]],
  ['input[0].content[0].input_audio.rate', [{ role: 'user', content: [{ ...inputAudio, input_audio: { data: 'UklGRg==', format: 'wav', rate: 8000 } }] }]],
  ['input[0].content[0].parsed', [{ ...outputMessage, content: [{ ...outputText, parsed: null }] }]],
  ['input[0].content[1].reason', [{ ...outputMessage, content: [outputText, { ...refusal, reason: 'policy' }] }]],
  ['input[1].parsed_arguments', [{ role: 'user', content: 'a' }, { ...functionCall, parsed_arguments: null }]],
  ['input[0].caller.caller_id', [{ ...functionCall, caller: { type: 'direct', caller_id: 'p' } }]],
  ['input[0].created_by', [{ ...functionCallOutput, created_by: 'user_1' }]],
  ['input[0].output[2].mime_type', [{ ...functionCallOutput, output: [outputParts[0], outputParts[1], { ...outputParts[2], mime_type: 'application/pdf' }] }]],
  ['input[0].caller.name', [{ ...functionCallOutput, caller: { type: 'program', caller_id: 'prog_1', name: 'p' } }]],
  ['input[0].signature', [{ ...reasoning, signature: 'sig' }]],
  ['input[0].summary[0].index', [{ ...reasoning, summary: [{ type: 'summary_text', text: 's', index: 0 }] }]],
  ['input[0].content[0].signature', [{ ...reasoning, content: [{ type: 'reasoning_text', text: 't', signature: 'sig' }] }]],
  ['input[0].role', [{ type: 'item_reference', id: 'msg_1', role: 'user' }]],
];

/** Output items as the SDK types them are not all input items (a computer call output's `status: failed`); these are. */
const asInput = (output: OpenAI.Responses.ResponseOutputItem[]): Item[] => output as Item[];

const rejectedAt = (param: string) => (e: unknown) => e instanceof GeorouteError && e.status === 400 && e.code === 'unknown_parameter' && e.param === param && e.message === `Unknown parameter: '${param}'.`;

describe('Responses input: the members the openai SDK documents, and no others', () => {
  it('takes every documented member of every known item type and part', () => {
    const request = parseResponsesRequest({ model: 'm', input: [...everyMember, itemReference, { type: null, id: 'msg_1' }] });
    assert.equal(Array.isArray(request.input) && request.input.length, everyMember.length + 2);
  });

  it('takes null wherever the SDK allows it', () => {
    const input: Item[] = [
      { role: 'assistant', content: 'a', phase: null },
      { role: 'user', content: [{ type: 'input_image', detail: 'auto', image_url: null, file_id: null }, { type: 'input_file', file_id: null, file_data: 'JVBERi0=' }] },
      { ...functionCall, caller: null },
      { ...functionCallOutput, output: 'done', id: null, caller: null, status: null },
      { ...reasoning, encrypted_content: null },
      { ...outputMessage, phase: null },
    ];
    assert.doesNotThrow(() => parseResponsesRequest({ model: 'm', input }));
  });

  it('answers an unknown member with its whole path, in OpenAI\'s words', () => {
    for (const [param, input] of unknownMembers) assert.throws(() => parseResponsesRequest({ model: 'm', input }), rejectedAt(param), param);
    assert.throws(() => parseResponsesRequest({ model: 'm', input: 'hi', temprature: 1 }), rejectedAt('temprature'));
  });

  it('leaves items of other types as they came', () => {
    const request = parseResponsesRequest({ model: 'm', input: [{ type: 'web_search_call', id: 'ws_1', status: 'completed', anything: { goes: true } }] });
    assert.deepEqual(request.input, [{ type: 'other', itemType: 'web_search_call' }]);
  });
});

describe('Responses tools, tool choice and text format: the members the openai SDK documents, and no others', () => {
  const fn = { type: 'function', name: 'get_weather', parameters: { type: 'object' }, strict: false };
  const everyFunctionMember = { ...fn, description: 'd', allowed_callers: ['direct'], defer_loading: false, output_schema: { type: 'string' } };
  const namespace = { type: 'namespace', name: 'weather', description: 'd', tools: [{ type: 'function', name: 'now', parameters: null, strict: null, allowed_callers: null, defer_loading: true, description: null, output_schema: null }] };
  const schema = { type: 'json_schema', name: 'answer', schema: { type: 'object' }, description: 'd', strict: true };

  it('takes every documented member', () => {
    assert.doesNotThrow(() => parseResponsesRequest({
      model: 'm', input: 'hi', tools: [everyFunctionMember, namespace, { type: 'web_search', anything: 1 }],
      tool_choice: { type: 'function', name: 'now', namespace: 'weather' }, text: { format: schema },
    }));
    for (const format of [{ type: 'text' }, { type: 'json_object' }]) assert.doesNotThrow(() => parseResponsesRequest({ model: 'm', input: 'hi', text: { format } }));
  });

  it('answers an unknown member with its whole path, where a converted request would lose it', () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['tools[0].parallel', { tools: [{ ...fn, parallel: true }] }],
      ['tools[1].tools[0].cache', { tools: [fn, { ...namespace, tools: [{ type: 'function', name: 'now', cache: true }] }] }],
      ['tools[0].hidden', { tools: [{ ...namespace, hidden: true }] }],
      ['tool_choice.strict', { tool_choice: { type: 'function', name: 'get_weather', strict: true } }],
      ['text.format.schema_version', { text: { format: { ...schema, schema_version: 2 } } }],
      ['text.format.strict', { text: { format: { type: 'json_object', strict: true } } }],
    ];
    for (const [param, body] of cases) assert.throws(() => parseResponsesRequest({ model: 'm', input: 'hi', ...body }), rejectedAt(param), param);
  });
});

describe('Responses input over HTTP with the openai SDK', () => {
  let bedrockSim: RunningSimulator;
  let relayedSim: RunningSimulator;
  let gateway: TestGateway;
  before(async () => {
    bedrockSim = await startRegionSimulator({ regionId: CONVERSE, timeToFirstTokenMs: 2, tokensPerSecond: 2_000 });
    relayedSim = await startRegionSimulator({ regionId: RELAYED, timeToFirstTokenMs: 2, tokensPerSecond: 2_000 });
    gateway = await startTestGateway(testConfig({
      regions: [CHAT],
      extraDeployments: [
        { model: NOVA_LITE, region: CONVERSE, provider: 'bedrock', endpoint: bedrockSim.url },
        { model: NOVA_LITE, region: RELAYED, provider: 'openai-compatible', endpoint: `${relayedSim.url}/v1`, upstreamModel: 'sim-model', wireFormats: ['openai-responses'] },
      ],
    }));
  });
  after(async () => {
    await gateway.close();
    await bedrockSim.close();
    await relayedSim.close();
  });

  const clientIn = (region: string) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': region } });
  const upstreamCalls = () => bedrockSim.stats().operations.converse + bedrockSim.stats().operations['converse-stream'] + relayedSim.stats().operations.responses + gateway.simulator(CHAT).stats().operations['chat.completions'];

  it('an unknown member is a 400 invalid_request_error naming its whole path, converted or relayed, and nothing goes upstream', async () => {
    const before = upstreamCalls();
    for (const region of [CONVERSE, RELAYED]) {
      for (const [param, input] of unknownMembers) {
        await assert.rejects(clientIn(region).responses.create({ model: NOVA_LITE, input: input as Item[] }), (e: unknown) => {
          assert.ok(e instanceof OpenAI.BadRequestError, `${param}: ${String(e)}`);
          assert.deepEqual({ ...(e.error as object) }, { message: `Unknown parameter: '${param}'.`, type: 'invalid_request_error', param, code: 'unknown_parameter' });
          return true;
        });
      }
    }
    assert.equal(upstreamCalls(), before);
  });

  it('every documented member of every known item type reaches a Responses upstream', async () => {
    const before = relayedSim.stats().operations.responses;
    const response = await clientIn(RELAYED).responses.create({ model: NOVA_LITE, input: everyMember, tools: [weatherTool], max_output_tokens: 8 });
    assert.ok(response.output.length > 0);
    assert.equal(relayedSim.stats().operations.responses - before, 1);
  });

  /** The answer as the gateway sent it: the JSON body, or the response of the stream's last event (no SDK parsing). */
  async function answer(region: string, params: OpenAI.Responses.ResponseCreateParamsNonStreaming, stream: boolean): Promise<OpenAI.Responses.Response> {
    if (!stream) return clientIn(region).responses.create(params);
    const events = await clientIn(region).responses.create({ ...params, stream: true });
    let final: OpenAI.Responses.Response | undefined;
    for await (const event of events) if (event.type === 'response.completed' || event.type === 'response.incomplete') final = event.response;
    assert.ok(final, 'the stream ended with the whole response');
    return final;
  }

  for (const stream of [false, true]) {
    it(`a ${stream ? 'streamed' : 'JSON'} answer with reasoning, a tool call and text with logprobs, sent back as input, is served through Converse`, async () => {
      const reasons: Omit<OpenAI.Responses.ResponseCreateParamsNonStreaming, 'model'> = { reasoning: { effort: 'low' }, include: ['reasoning.encrypted_content'], tools: [weatherTool], max_output_tokens: 200 };
      const question: Item = { role: 'user', content: 'What is the weather in Paris?' };
      const called = await answer(CONVERSE, { model: NOVA_LITE, input: [question], ...reasons }, stream);
      const call = called.output.find((item) => item.type === 'function_call');
      assert.ok(call?.type === 'function_call' && call.id !== undefined && call.status === 'completed', 'a function_call with id and status');
      const thought = called.output.find((item) => item.type === 'reasoning');
      assert.ok(thought?.type === 'reasoning' && thought.encrypted_content && (thought.content?.length ?? 0) > 0, 'reasoning as reasoning_text with encrypted_content');
      const result: Item = { type: 'function_call_output', call_id: call.call_id, output: '{"celsius":21}' };
      const summarized = await answer(CONVERSE, { model: NOVA_LITE, input: [question, ...asInput(called.output), result], ...reasons, reasoning: { effort: 'low', summary: 'auto' } }, stream);
      assert.ok(summarized.output.some((item) => item.type === 'reasoning' && item.summary.length > 0), 'reasoning as a summary_text');
      const worded = await answer(CHAT, { model: NOVA_LITE, input: 'Say it with logprobs.', include: ['message.output_text.logprobs'], top_logprobs: 2, max_output_tokens: 8 }, stream);
      const message = worded.output.find((item) => item.type === 'message');
      const text = message?.type === 'message' ? message.content[0] : undefined;
      assert.ok(message?.id && message.status && text?.type === 'output_text' && Array.isArray(text.annotations) && (text.logprobs?.length ?? 0) > 0, 'a message with id, status, annotations and logprobs');
      const history: Item[] = [question, ...asInput(called.output), result, ...asInput(summarized.output), { role: 'user', content: 'Say it again.' }, ...asInput(worded.output), { role: 'user', content: 'Thanks.' }];
      const before = bedrockSim.stats().operations.converse;
      const { data, response } = await clientIn(CONVERSE).responses.create({ model: NOVA_LITE, input: history, ...reasons }).withResponse();
      assert.equal(data.status, 'completed');
      assert.equal(response.headers.get('x-georoute-inference-region'), CONVERSE);
      assert.equal(bedrockSim.stats().operations.converse - before, 1, 'served through Converse');
    });
  }
});
