import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { sseDataLines } from './decode-sim-streams.js';
import { chatBody, getJson, postJson, startFastSimulator } from './sim-test-client.js';

interface ChatCompletion {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: Array<{ index: number; message: { role: string; content: string | null; tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }> }; finish_reason: string }>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

interface ChatChunk {
  id: string;
  object: string;
  model: string;
  choices: Array<{ index: number; delta: { role?: string; content?: string | null; tool_calls?: Array<{ index: number; id?: string; function: { name?: string; arguments: string } }> }; finish_reason: string | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

const weatherTools = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
];

describe('simulator: OpenAI chat completions', () => {
  let sim: RunningSimulator;
  let url: string;
  before(async () => {
    sim = await startFastSimulator({ regionId: 'eu-west-3' });
    url = `${sim.url}/v1/chat/completions`;
  });
  after(() => sim.close());

  test('non-streamed response has the OpenAI shape and real usage', async () => {
    const prompt = 'Tell me about rivers in the north of the country.';
    const response = await postJson(url, chatBody(prompt, { max_tokens: 500 }));
    assert.equal(response.status, 200);
    assert.equal(response.headers['x-sim-region'], 'eu-west-3');
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const body = response.json as ChatCompletion;
    assert.match(body.id, /^chatcmpl-/);
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.model, 'sim-model');
    assert.ok(Number.isInteger(body.created) && body.created > 1_600_000_000);
    assert.equal(body.choices.length, 1);
    const [choice] = body.choices;
    assert.equal(choice.index, 0);
    assert.equal(choice.message.role, 'assistant');
    assert.equal(choice.finish_reason, 'stop');
    const content = choice.message.content ?? '';
    assert.ok(content.endsWith('.'));
    assert.equal(body.usage.completion_tokens, content.split(' ').length, 'one word is one token');
    assert.equal(body.usage.prompt_tokens, Math.ceil(prompt.length / 4));
    assert.equal(body.usage.total_tokens, body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  test('max_tokens and max_completion_tokens cut the answer with finish_reason length', async () => {
    for (const limit of [{ max_tokens: 3 }, { max_completion_tokens: 3 }]) {
      const body = (await postJson(url, chatBody('Say something long.', limit))).json as ChatCompletion;
      assert.equal(body.choices[0].finish_reason, 'length');
      assert.equal(body.usage.completion_tokens, 3);
      assert.equal((body.choices[0].message.content ?? '').split(' ').length, 3);
    }
  });

  test('same request gives the same text; different content gives different text', async () => {
    const first = (await postJson(url, chatBody('What is a gateway?'))).json as ChatCompletion;
    const second = (await postJson(url, chatBody('What is a gateway?'))).json as ChatCompletion;
    const other = (await postJson(url, chatBody('What is a harbour?'))).json as ChatCompletion;
    assert.equal(first.choices[0].message.content, second.choices[0].message.content);
    assert.notEqual(first.choices[0].message.content, other.choices[0].message.content);
    const cut = (await postJson(url, chatBody('What is a gateway?', { max_tokens: 2 }))).json as ChatCompletion;
    assert.ok((first.choices[0].message.content ?? '').startsWith(cut.choices[0].message.content ?? '?'));
  });

  test('streamed response: role chunk, one chunk per token, finish chunk, usage chunk, [DONE]', async () => {
    const nonStreamed = (await postJson(url, chatBody('Stream me a story.'))).json as ChatCompletion;
    const response = await postJson(url, chatBody('Stream me a story.', { stream: true, stream_options: { include_usage: true } }));
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^text\/event-stream/);
    const lines = sseDataLines(response.text);
    assert.equal(lines.at(-1), '[DONE]');
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line) as ChatChunk);
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0].id && c.model === 'sim-model'));
    assert.equal(chunks[0].choices[0].delta.role, 'assistant');
    const usageChunk = chunks.at(-1)!;
    assert.deepEqual(usageChunk.choices, []);
    assert.deepEqual(usageChunk.usage, nonStreamed.usage);
    const finishChunk = chunks.at(-2)!;
    assert.equal(finishChunk.choices[0].finish_reason, 'stop');
    assert.ok(chunks.slice(0, -1).every((c) => c.usage === null), 'usage is null before the last chunk');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.equal(text, nonStreamed.choices[0].message.content);
    const contentChunks = chunks.filter((c) => (c.choices[0]?.delta.content ?? '') !== '');
    assert.equal(contentChunks.length, nonStreamed.usage.completion_tokens);
  });

  test('streamed response without include_usage has no usage chunk', async () => {
    const response = await postJson(url, chatBody('Short one.', { stream: true, max_tokens: 2 }));
    const lines = sseDataLines(response.text);
    assert.equal(lines.at(-1), '[DONE]');
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line) as ChatChunk);
    assert.ok(chunks.every((c) => c.choices.length === 1 && !('usage' in c)));
    assert.equal(chunks.at(-1)!.choices[0].finish_reason, 'length');
  });

  test('tools + "weather" in the last user message answers with a tool call to the first tool', async () => {
    const body = chatBody('What is the weather in Paris?', { tools: weatherTools });
    const response = (await postJson(url, body)).json as ChatCompletion;
    const [choice] = response.choices;
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, null);
    assert.equal(choice.message.tool_calls?.length, 1);
    const call = choice.message.tool_calls![0];
    assert.match(call.id, /^call_/);
    assert.equal(call.type, 'function');
    assert.deepEqual(call.function, { name: 'get_weather', arguments: '{}' });

    const streamed = await postJson(url, { ...body, stream: true });
    const chunks = sseDataLines(streamed.text).slice(0, -1).map((line) => JSON.parse(line) as ChatChunk);
    const deltas = chunks.flatMap((c) => c.choices[0].delta.tool_calls ?? []);
    assert.equal(deltas[0].id, call.id);
    assert.equal(deltas[0].function.name, 'get_weather');
    assert.equal(deltas.map((d) => d.function.arguments).join(''), '{}');
    assert.equal(chunks.at(-1)!.choices[0].finish_reason, 'tool_calls');
  });

  test('after a tool result, or without tools, "weather" gets a text answer', async () => {
    const afterTool = (await postJson(url, {
      model: 'sim-model',
      tools: weatherTools,
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"celsius":21}' },
      ],
    })).json as ChatCompletion;
    assert.equal(afterTool.choices[0].finish_reason, 'stop');
    assert.equal(typeof afterTool.choices[0].message.content, 'string');
    const noTools = (await postJson(url, chatBody('What is the weather in Paris?'))).json as ChatCompletion;
    assert.equal(noTools.choices[0].finish_reason, 'stop');
  });

  test('array content parts are read as text', async () => {
    const parts = [{ type: 'text', text: 'Hello ' }, { type: 'image_url', image_url: { url: 'data:,' } }, { type: 'text', text: 'world' }];
    const body = (await postJson(url, { model: 'sim-model', messages: [{ role: 'user', content: parts }] })).json as ChatCompletion;
    assert.equal(body.usage.prompt_tokens, Math.ceil('Hello world'.length / 4));
  });

  test('invalid JSON and invalid requests are 400 with an OpenAI error body', async () => {
    const broken = await postJson(url, '{"model": ');
    assert.equal(broken.status, 400);
    assert.deepEqual(Object.keys((broken.json as { error: object }).error).sort(), ['code', 'message', 'param', 'type']);
    assert.equal((broken.json as { error: { type: string; code: string } }).error.type, 'invalid_request_error');
    assert.equal((broken.json as { error: { code: string } }).error.code, 'invalid_json');
    const noMessages = await postJson(url, { model: 'sim-model', messages: [] });
    assert.equal(noMessages.status, 400);
    assert.equal((noMessages.json as { error: { code: string } }).error.code, 'invalid_request');
    const badLimit = await postJson(url, chatBody('hi', { max_tokens: 0 }));
    assert.equal(badLimit.status, 400);
  });

  test('GET /v1/models lists models; unknown routes are 404 and wrong methods 405', async () => {
    const models = await getJson(`${sim.url}/v1/models`);
    assert.equal(models.status, 200);
    assert.deepEqual(models.json, { object: 'list', data: [{ id: 'sim-model', object: 'model', created: (models.json as { data: Array<{ created: number }> }).data[0].created, owned_by: 'georoute-sim' }] });
    const missing = await postJson(`${sim.url}/v1/images/generations`, {});
    assert.equal(missing.status, 404);
    assert.equal((missing.json as { error: { code: string } }).error.code, 'unknown_route');
    const wrongMethod = await request(url, { method: 'GET' });
    assert.equal(wrongMethod.statusCode, 405);
    assert.equal(wrongMethod.headers.allow, 'POST');
    await wrongMethod.body.dump();
  });

  test('stats count requests, tokens and authorization kinds', async () => {
    sim.resetStats();
    const ok = (await postJson(url, chatBody('Count me.'), { authorization: 'Bearer sk-test' })).json as ChatCompletion;
    await postJson(url, '{');
    const stats = sim.stats();
    assert.equal(stats.regionId, 'eu-west-3');
    assert.equal(stats.received, 2);
    assert.equal(stats.served, 1);
    assert.equal(stats.rejected, 1);
    assert.equal(stats.bearerRequests, 1);
    assert.equal(stats.signedRequests, 0);
    assert.equal(stats.operations['chat.completions'], 2);
    assert.equal(stats.inputTokens, ok.usage.prompt_tokens);
    assert.equal(stats.outputTokens, ok.usage.completion_tokens);
    assert.equal(stats.inFlight, 0);
  });
});
