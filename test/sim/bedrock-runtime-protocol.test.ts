import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { decodeChunkPayloads, decodeEventStream } from './decode-sim-streams.js';
import { converseBody, postJson, startFastSimulator } from './sim-test-client.js';

interface ConverseResponse {
  output: { message: { role: string; content: Array<{ text?: string; toolUse?: { toolUseId: string; name: string; input: unknown } }> } };
  stopReason: string;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number };
  metrics?: { latencyMs: number };
}

async function postBytes(url: string, body: unknown) {
  const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.statusCode, headers: response.headers, bytes: new Uint8Array(await response.body.arrayBuffer()) };
}

const modelPath = (operation: string) => `/model/${encodeURIComponent('eu.amazon.nova-lite-v1:0')}/${operation}`;
const sigV4 = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/eu-north-1/bedrock/aws4_request, '
  + 'SignedHeaders=host;x-amz-date, Signature=0123456789abcdef';

describe('simulator: Bedrock Runtime protocol', () => {
  let sim: RunningSimulator;
  const url = (operation: string) => `${sim.url}${modelPath(operation)}`;
  before(async () => {
    sim = await startFastSimulator({ regionId: 'eu-north-1' });
  });
  after(() => sim.close());

  test('converse: Converse response shape with usage and metrics', async () => {
    const body = converseBody('Describe the harbour.', { system: [{ text: 'Be brief.' }], inferenceConfig: { maxTokens: 500 } });
    const response = await postJson(url('converse'), body, { authorization: sigV4 });
    assert.equal(response.status, 200);
    assert.equal(response.headers['x-sim-region'], 'eu-north-1');
    assert.match(String(response.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
    const converse = response.json as ConverseResponse;
    assert.equal(converse.output.message.role, 'assistant');
    assert.equal(converse.output.message.content.length, 1);
    const text = converse.output.message.content[0].text ?? '';
    assert.ok(text.length > 0);
    assert.equal(converse.stopReason, 'end_turn');
    assert.equal(converse.usage.inputTokens, Math.ceil(('Be brief.' + 'Describe the harbour.').length / 4));
    assert.equal(converse.usage.outputTokens, text.split(' ').length);
    assert.equal(converse.usage.totalTokens, converse.usage.inputTokens + converse.usage.outputTokens);
    assert.ok(typeof converse.metrics?.latencyMs === 'number' && converse.metrics.latencyMs >= 0);
    const stats = sim.stats();
    assert.equal(stats.signedRequests, 1);
    assert.deepEqual(stats.signatureRegions, { 'eu-north-1': 1 });
  });

  test('converse: maxTokens gives stopReason max_tokens; answers are deterministic', async () => {
    const cut = (await postJson(url('converse'), converseBody('Tell me more.', { inferenceConfig: { maxTokens: 2 } }))).json as ConverseResponse;
    assert.equal(cut.stopReason, 'max_tokens');
    assert.equal(cut.usage.outputTokens, 2);
    const again = (await postJson(url('converse'), converseBody('Tell me more.', { inferenceConfig: { maxTokens: 2 } }))).json as ConverseResponse;
    assert.deepEqual(again.output, cut.output);
  });

  test('converse: toolConfig + "weather" answers with toolUse; a toolResult gets text', async () => {
    const toolConfig = { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object' } } } }] };
    const asked = (await postJson(url('converse'), converseBody('What is the weather in Oslo?', { toolConfig }))).json as ConverseResponse;
    assert.equal(asked.stopReason, 'tool_use');
    const toolUse = asked.output.message.content[0].toolUse;
    assert.equal(toolUse?.name, 'get_weather');
    assert.deepEqual(toolUse?.input, {});
    assert.match(toolUse?.toolUseId ?? '', /^tooluse_/);
    const answered = (await postJson(url('converse'), {
      toolConfig,
      messages: [
        { role: 'user', content: [{ text: 'What is the weather in Oslo?' }] },
        { role: 'assistant', content: [{ toolUse }] },
        { role: 'user', content: [{ toolResult: { toolUseId: toolUse?.toolUseId, content: [{ json: { celsius: 4 } }] } }] },
      ],
    })).json as ConverseResponse;
    assert.equal(answered.stopReason, 'end_turn');
    assert.equal(typeof answered.output.message.content[0].text, 'string');
  });

  test('converse-stream: event-stream frames messageStart, deltas, contentBlockStop, messageStop, metadata', async () => {
    const body = converseBody('Stream about mountains.');
    const whole = (await postJson(url('converse'), body)).json as ConverseResponse;
    const response = await postBytes(url('converse-stream'), body);
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'application/vnd.amazon.eventstream');
    const events = decodeEventStream(response.bytes);
    for (const event of events) {
      assert.equal(event.headers[':message-type'], 'event');
      assert.equal(event.headers[':content-type'], 'application/json');
    }
    const types = events.map((e) => e.headers[':event-type']);
    assert.equal(types[0], 'messageStart');
    assert.deepEqual(types.slice(-3), ['contentBlockStop', 'messageStop', 'metadata']);
    assert.deepEqual(events[0].body, { role: 'assistant' });
    const deltas = events.filter((e) => e.headers[':event-type'] === 'contentBlockDelta')
      .map((e) => e.body as { contentBlockIndex: number; delta: { text: string } });
    assert.equal(deltas.length, whole.usage.outputTokens);
    assert.ok(deltas.every((d) => d.contentBlockIndex === 0));
    assert.equal(deltas.map((d) => d.delta.text).join(''), whole.output.message.content[0].text);
    assert.deepEqual(events.at(-2)?.body, { stopReason: 'end_turn' });
    const metadata = events.at(-1)?.body as { usage: ConverseResponse['usage']; metrics: { latencyMs: number } };
    assert.deepEqual(metadata.usage, whole.usage);
    assert.equal(typeof metadata.metrics.latencyMs, 'number');
  });

  test('converse-stream: a tool call streams contentBlockStart and a toolUse input delta', async () => {
    const toolConfig = { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: {} } } }] };
    const response = await postBytes(url('converse-stream'), converseBody('weather please', { toolConfig }));
    const events = decodeEventStream(response.bytes);
    assert.deepEqual(events.map((e) => e.headers[':event-type']),
      ['messageStart', 'contentBlockStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);
    const start = events[1].body as { start: { toolUse: { name: string; toolUseId: string } } };
    assert.equal(start.start.toolUse.name, 'get_weather');
    assert.deepEqual(events[2].body, { contentBlockIndex: 0, delta: { toolUse: { input: '{}' } } });
    assert.deepEqual(events[4].body, { stopReason: 'tool_use' });
  });

  test('invoke: Nova native request and response', async () => {
    const body = {
      messages: [{ role: 'user', content: [{ text: 'Hello Nova' }] }],
      system: [{ text: 'You are terse.' }],
      inferenceConfig: { maxTokens: 300 },
    };
    const response = await postJson(url('invoke'), body);
    assert.equal(response.status, 200);
    const nova = response.json as ConverseResponse;
    assert.deepEqual(Object.keys(nova).sort(), ['output', 'stopReason', 'usage']);
    assert.equal(nova.output.message.role, 'assistant');
    assert.equal(nova.stopReason, 'end_turn');
    assert.equal(nova.usage.inputTokens, Math.ceil('You are terse.Hello Nova'.length / 4));
    assert.equal(nova.usage.totalTokens, nova.usage.inputTokens + nova.usage.outputTokens);
    assert.equal(response.headers['x-amzn-bedrock-input-token-count'], String(nova.usage.inputTokens));
    assert.equal(response.headers['x-amzn-bedrock-output-token-count'], String(nova.usage.outputTokens));
    const legacy = (await postJson(url('invoke'), { ...body, inferenceConfig: { max_new_tokens: 1 } })).json as ConverseResponse;
    assert.equal(legacy.stopReason, 'max_tokens');
    assert.equal(legacy.usage.outputTokens, 1);
  });

  test('invoke-with-response-stream: chunk events carrying base64 Nova stream chunks', async () => {
    const body = { messages: [{ role: 'user', content: [{ text: 'Stream, Nova' }] }], inferenceConfig: { maxTokens: 5 } };
    const whole = (await postJson(url('invoke'), body)).json as ConverseResponse;
    const response = await postBytes(url('invoke-with-response-stream'), body);
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'application/vnd.amazon.eventstream');
    assert.equal(response.headers['x-amzn-bedrock-content-type'], 'application/json');
    const events = decodeEventStream(response.bytes);
    assert.ok(events.every((e) => e.headers[':event-type'] === 'chunk' && e.headers[':message-type'] === 'event'));
    const chunks = decodeChunkPayloads(events) as Array<Record<string, Record<string, unknown>>>;
    assert.deepEqual(chunks[0], { messageStart: { role: 'assistant' } });
    const deltas = chunks.filter((c) => 'contentBlockDelta' in c);
    assert.equal(deltas.length, 5);
    assert.deepEqual(Object.keys(deltas[0].contentBlockDelta).sort(), ['contentBlockIndex', 'delta']);
    const text = deltas.map((c) => (c.contentBlockDelta.delta as { text: string }).text).join('');
    assert.equal(text, whole.output.message.content[0].text);
    const metrics = chunks.at(-1)?.['amazon-bedrock-invocationMetrics'];
    assert.deepEqual(chunks.slice(-3), [
      { contentBlockStop: { contentBlockIndex: 0 } },
      { messageStop: { stopReason: 'max_tokens' } },
      // Bedrock appends its invocation metrics to the last chunk of every invoke stream.
      { metadata: { usage: { inputTokens: whole.usage.inputTokens, outputTokens: 5 } }, 'amazon-bedrock-invocationMetrics': metrics },
    ]);
    assert.deepEqual({ input: metrics?.inputTokenCount, output: metrics?.outputTokenCount }, { input: whole.usage.inputTokens, output: 5 });
    assert.equal(typeof metrics?.invocationLatency, 'number');
  });

  test('errors are Bedrock-shaped: invalid JSON, invalid body, unknown operation', async () => {
    const broken = await postJson(url('converse'), '{nope');
    assert.equal(broken.status, 400);
    assert.equal(broken.headers['x-amzn-errortype'], 'ValidationException');
    assert.deepEqual(Object.keys(broken.json as object), ['message']);
    const invalid = await postJson(url('invoke'), { messages: 'hello' });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.headers['x-amzn-errortype'], 'ValidationException');
    const unknown = await postJson(`${sim.url}${modelPath('count-everything')}`, {});
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers['x-amzn-errortype'], 'UnknownOperationException');
  });

  test('stats count operations', async () => {
    const operations = sim.stats().operations;
    assert.ok(operations.converse >= 5);
    assert.ok(operations['converse-stream'] >= 2);
    assert.ok(operations.invoke >= 2);
    assert.ok(operations['invoke-with-response-stream'] >= 1);
    assert.equal(operations['chat.completions'], 0);
  });
});
