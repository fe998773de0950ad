/**
 * The simulator's OpenAI Responses API (`POST /v1/responses`), read by the openai SDK unmodified: a JSON answer,
 * a stream the SDK's own accumulator turns into the final response, a function call (namespaced ones keep their
 * namespace), structured output and a length stop.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { startFastSimulator } from './sim-test-client.js';

describe('simulator: OpenAI Responses API', () => {
  let sim: RunningSimulator;
  let client: OpenAI;
  before(async () => {
    sim = await startFastSimulator({ regionId: 'eu-west-3' });
    client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sim', maxRetries: 0 });
  });
  after(() => sim.close());

  test('a JSON answer with usage', async () => {
    const response = await client.responses.create({ model: 'm', input: 'Tell me about rivers.', max_output_tokens: 20 });
    assert.equal(response.object, 'response');
    assert.match(response.id, /^resp_/);
    assert.ok(response.output_text.length > 0);
    assert.ok((response.usage?.input_tokens ?? 0) > 0 && (response.usage?.output_tokens ?? 0) > 0);
  });

  test('a stream ends in response.completed whose text is the deltas', async () => {
    const stream = client.responses.stream({ model: 'm', input: 'Tell me about rivers.', max_output_tokens: 20 });
    let deltas = '';
    const numbers: number[] = [];
    for await (const event of stream) {
      numbers.push(event.sequence_number);
      if (event.type === 'response.output_text.delta') deltas += event.delta;
    }
    const final = await stream.finalResponse();
    assert.equal(final.output_text, deltas);
    assert.deepEqual(numbers, numbers.map((_, i) => i));
  });

  test('a weather question calls the first function; a namespaced one keeps its namespace', async () => {
    const plain = await client.responses.create({ model: 'm', input: 'What is the weather?', tools: [{ type: 'function', name: 'get_weather', parameters: {}, strict: false }] });
    assert.equal(plain.output[0]?.type, 'function_call');
    const namespaced = await client.responses.create({
      model: 'm', input: 'hi', tool_choice: 'required',
      tools: [{ type: 'namespace', name: 'agents', description: 'd', tools: [{ type: 'function', name: 'spawn' }] }],
    });
    const call = namespaced.output[0];
    assert.ok(call?.type === 'function_call');
    assert.equal(call.name, 'spawn');
    assert.equal(call.namespace, 'agents');
  });

  test('structured output and a length stop', async () => {
    const json = await client.responses.create({ model: 'm', input: 'w', text: { format: { type: 'json_schema', name: 'w', schema: { type: 'object', properties: { c: { type: 'number' } }, required: ['c'] } } } });
    assert.equal(typeof (JSON.parse(json.output_text) as { c: unknown }).c, 'number');
    const cut = await client.responses.create({ model: 'm', input: 'Tell me a long story about rivers and mountains.', max_output_tokens: 3 });
    assert.equal(cut.status, 'incomplete');
    assert.deepEqual(cut.incomplete_details, { reason: 'max_output_tokens' });
  });
});
