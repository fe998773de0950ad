/**
 * The official `openai` client's `responses` API, unmodified, against a gateway whose deployments are region
 * simulators reached over HTTP (the Responses request converted through the canonical model): a JSON answer, a
 * stream in OpenAI's event order, a function-tool round trip, structured output, a length stop, and the 400s that
 * name what cannot be honoured (a built-in tool, `store: true` and `previous_response_id` without a response store).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { EU_REGIONS, NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../../support/test-gateway.js';

const MODEL = `eu.${NOVA_LITE}`;
const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
  strict: false,
};

describe('openai SDK responses.create against georoute', () => {
  let gateway: TestGateway;
  let client: OpenAI;

  before(async () => {
    gateway = await startTestGateway(testConfig());
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': 'eu-central-1' } });
  });
  after(() => gateway.close());

  it('answers as JSON with usage, and says where it ran', async () => {
    const { data, response } = await client.responses.create({ model: MODEL, instructions: 'Be brief.', input: 'hello there', max_output_tokens: 8 }).withResponse();
    assert.equal(data.object, 'response');
    assert.match(data.id, /^resp_/);
    assert.ok(data.output_text.length > 0);
    assert.equal(data.instructions, 'Be brief.');
    assert.equal(data.model, MODEL);
    assert.equal((data as unknown as { store: boolean }).store, false);
    assert.ok((data.usage?.input_tokens ?? 0) > 0);
    assert.equal(data.usage?.total_tokens, (data.usage?.input_tokens ?? 0) + (data.usage?.output_tokens ?? 0));
    assert.ok(EU_REGIONS.includes(response.headers.get('x-georoute-inference-region') as (typeof EU_REGIONS)[number]));
    assert.equal(response.headers.get('x-georoute-profile'), MODEL);
  });

  it('streams in OpenAI event order with consecutive sequence numbers; the SDK accumulates the same text', async () => {
    const stream = client.responses.stream({ model: MODEL, input: 'stream please', max_output_tokens: 12 });
    const types: string[] = [];
    const numbers: number[] = [];
    let deltas = '';
    for await (const event of stream) {
      types.push(event.type);
      numbers.push(event.sequence_number);
      if (event.type === 'response.output_text.delta') deltas += event.delta;
    }
    const final = await stream.finalResponse();
    assert.equal(final.output_text, deltas);
    assert.deepEqual(numbers, numbers.map((_, i) => i));
    const distinct = types.filter((t, i) => t !== types[i - 1]);
    assert.deepEqual(distinct.slice(0, 5), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added', 'response.output_text.delta']);
    assert.deepEqual(distinct.slice(-5), ['response.output_text.delta', 'response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    assert.equal(final.status, 'completed');
    assert.ok((final.usage?.output_tokens ?? 0) > 0);
  });

  it('round-trips a function tool: a call, then its output, then an answer', async () => {
    const first = await client.responses.create({ model: MODEL, input: 'What is the weather in Paris?', tools: [weatherTool] });
    const call = first.output.find((item) => item.type === 'function_call');
    assert.ok(call?.type === 'function_call', 'the model calls the tool');
    assert.equal(call.name, 'get_weather');
    assert.match(call.id ?? '', /^fc_/);
    const second = await client.responses.create({
      model: MODEL,
      tools: [weatherTool],
      input: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: 'function_call_output', call_id: call.call_id, output: '{"celsius":21}' },
      ],
    });
    assert.equal(second.output[0]?.type, 'message');
    assert.ok(second.output_text.length > 0);
  });

  it('streams a function call as function_call_arguments events', async () => {
    const stream = client.responses.stream({ model: MODEL, input: 'weather in Rome?', tools: [weatherTool], tool_choice: { type: 'function', name: 'get_weather' } });
    const types = new Set<string>();
    for await (const event of stream) types.add(event.type);
    const final = await stream.finalResponse();
    assert.ok(types.has('response.function_call_arguments.delta') && types.has('response.function_call_arguments.done'));
    assert.equal(final.output[0]?.type, 'function_call');
  });

  it('honours structured output (text.format json_schema)', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } }, required: ['city', 'celsius'], additionalProperties: false };
    const response = await client.responses.create({ model: MODEL, input: 'Weather as JSON', text: { format: { type: 'json_schema', name: 'weather', schema, strict: true } } });
    const value = JSON.parse(response.output_text) as { city: unknown; celsius: unknown };
    assert.equal(typeof value.city, 'string');
    assert.equal(typeof value.celsius, 'number');
    assert.deepEqual((response.text?.format as { name?: string }).name, 'weather');
  });

  it('a length stop is status incomplete with reason max_output_tokens, JSON and stream', async () => {
    const whole = await client.responses.create({ model: MODEL, input: 'Tell me a long story about rivers.', max_output_tokens: 3 });
    assert.equal(whole.status, 'incomplete');
    assert.deepEqual(whole.incomplete_details, { reason: 'max_output_tokens' });
    const stream = client.responses.stream({ model: MODEL, input: 'Tell me a long story about rivers.', max_output_tokens: 3 });
    let last = '';
    for await (const event of stream) last = event.type;
    assert.equal(last, 'response.incomplete');
  });

  it('refuses a built-in tool with a 400 naming it', async () => {
    await assert.rejects(
      client.responses.create({ model: MODEL, input: 'search the web', tools: [{ type: 'web_search' }] }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && /web_search/.test(e.message),
    );
  });

  it('refuses store: true and previous_response_id without a response store, naming them', async () => {
    await assert.rejects(client.responses.create({ model: MODEL, input: 'hi', store: true }), (e: unknown) => e instanceof OpenAI.BadRequestError && (e.error as { param?: string }).param === 'store');
    await assert.rejects(
      client.responses.create({ model: MODEL, input: 'hi', previous_response_id: 'resp_1' }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && (e.error as { param?: string }).param === 'previous_response_id',
    );
    await assert.rejects(client.responses.retrieve('resp_1'), (e: unknown) => e instanceof OpenAI.BadRequestError);
  });

  it('a bad body is a 400 naming the member, in OpenAI error shape', async () => {
    await assert.rejects(
      client.responses.create({ model: MODEL, input: [{ type: 'function_call', call_id: 'c', name: 'f' } as unknown as OpenAI.Responses.ResponseInputItem] }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && (e.error as { param?: string }).param === 'input[0].arguments',
    );
  });
});
