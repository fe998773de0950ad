/**
 * The `streamError` fault on the wire: after N content chunks each protocol's own in-stream error, then a clean
 * end (no stop event, no `[DONE]`); a counted fault hits only the next streams; the admin endpoint checks it.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { mergeFaults, noSimulatorFaults, takeStreamError } from '../../sim/simulator-faults.js';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { decodeChunkPayloads, decodeEventStream, sseDataLines, type DecodedEvent } from './decode-sim-streams.js';
import { chatBody, converseBody, postJson, readStreamedBody, startFastSimulator } from './sim-test-client.js';

/** Anthropic SSE as `[event name, data JSON]` pairs. */
function sseEvents(text: string): Array<[string, Record<string, unknown>]> {
  return [...text.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((m) => [m[1], JSON.parse(m[2]) as Record<string, unknown>]);
}

const anthropicBody = { model: 'claude-sonnet-4-5', max_tokens: 20, stream: true, messages: [{ role: 'user', content: 'Tell me a story' }] };
const chatStreamBody = chatBody('Tell me a story', { stream: true, max_tokens: 20 });
const bedrockModel = (id: string, operation: string) => `/model/${encodeURIComponent(id)}/${operation}`;

/** The frames after the `chunk` events of an invoke stream: each must be the exception, alone and last. */
function splitAtException(events: readonly DecodedEvent[]): { chunks: DecodedEvent[]; rest: DecodedEvent[] } {
  const at = events.findIndex((e) => e.headers[':message-type'] !== 'event');
  return at < 0 ? { chunks: [...events], rest: [] } : { chunks: events.slice(0, at), rest: events.slice(at) };
}

function assertException(rest: readonly DecodedEvent[], exceptionType: string): void {
  assert.equal(rest.length, 1, 'exactly one exception frame, and nothing after it');
  assert.equal(rest[0].headers[':message-type'], 'exception');
  assert.equal(rest[0].headers[':exception-type'], exceptionType);
  assert.equal(rest[0].headers[':content-type'], 'application/json');
  assert.deepEqual(Object.keys(rest[0].body as object), ['message']);
  assert.doesNotMatch((rest[0].body as { message: string }).message, /story/i, 'the message does not echo the prompt');
}

describe('takeStreamError', () => {
  test('a counted fault loses one stream per take and clears itself with the last; an uncounted one stays', () => {
    const faults = mergeFaults(noSimulatorFaults, { streamError: { afterChunks: 2, kind: 'throttled', count: 2 }, latencyMs: 5 });
    const first = takeStreamError(faults);
    assert.deepEqual(first.taken, { afterChunks: 2, kind: 'throttled' });
    assert.deepEqual(first.next.streamError, { afterChunks: 2, kind: 'throttled', count: 1 });
    assert.equal(first.next.latencyMs, 5, 'other faults stay');
    assert.ok(Object.isFrozen(first.next));
    const second = takeStreamError(first.next);
    assert.deepEqual(second.taken, { afterChunks: 2, kind: 'throttled' });
    assert.equal(second.next.streamError, null);
    assert.deepEqual(takeStreamError(second.next), { taken: null, next: second.next });
    const always = mergeFaults(noSimulatorFaults, { streamError: { afterChunks: 0, kind: 'overloaded' } });
    assert.equal(takeStreamError(always).next, always);
  });
});

describe('simulator: the streamError fault', () => {
  let sim: RunningSimulator;
  afterEach(() => sim.close());

  test('Anthropic Messages: 2 content chunks, then an overloaded_error event, then a clean end', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ streamError: { afterChunks: 2, kind: 'overloaded' } });
    const result = await readStreamedBody(`${sim.url}/v1/messages`, anthropicBody);
    assert.equal(result.status, 200);
    assert.equal(result.broken, false, 'the response ends cleanly');
    const events = sseEvents(result.bytes.toString('utf8'));
    assert.deepEqual(events.map(([name]) => name), ['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'error']);
    assert.deepEqual(events.at(-1)?.[1], { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    assert.equal(sim.stats().failed, 1);
    assert.equal(sim.stats().served, 0);

    // The official client reads it as the API's error, as it does from api.anthropic.com.
    sim.setFaults({ streamError: { afterChunks: 2, kind: 'throttled' } });
    const anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: sim.url, maxRetries: 0 });
    const { stream: _, ...params } = anthropicBody;
    await assert.rejects(anthropic.messages.stream(params as Anthropic.MessageCreateParamsNonStreaming).finalMessage(), /rate_limit_error/);
  });

  test('ConverseStream: 2 deltas, then a throttlingException frame; no messageStop or metadata', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ streamError: { afterChunks: 2, kind: 'throttled' } });
    const result = await readStreamedBody(`${sim.url}/model/m/converse-stream`, converseBody('Tell me a story', { inferenceConfig: { maxTokens: 20 } }));
    assert.equal(result.status, 200);
    assert.equal(result.broken, false);
    const { chunks, rest } = splitAtException(decodeEventStream(result.bytes));
    assert.deepEqual(chunks.map((e) => e.headers[':event-type']), ['messageStart', 'contentBlockDelta', 'contentBlockDelta']);
    assertException(rest, 'throttlingException');
    assert.equal(sim.stats().failed, 1);
  });

  for (const family of [
    { name: 'Nova', modelId: 'eu.amazon.nova-lite-v1:0', body: converseBody('Tell me a story', { inferenceConfig: { maxTokens: 20 } }), content: (c: Record<string, unknown>) => 'contentBlockDelta' in c },
    { name: 'Claude', modelId: 'eu.anthropic.claude-sonnet-4-5-v1:0', body: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 20, messages: [{ role: 'user', content: 'Tell me a story' }] }, content: (c: Record<string, unknown>) => c.type === 'content_block_delta' },
    { name: 'Llama', modelId: 'meta.llama3-8b-instruct-v1:0', body: { prompt: 'Tell me a story', max_gen_len: 20 }, content: (c: Record<string, unknown>) => typeof c.generation === 'string' && c.generation !== '' },
  ]) {
    test(`InvokeModelWithResponseStream (${family.name}): 2 content chunks, then a serviceUnavailableException frame`, async () => {
      sim = await startFastSimulator();
      sim.setFaults({ streamError: { afterChunks: 2, kind: 'overloaded' } });
      const result = await readStreamedBody(`${sim.url}${bedrockModel(family.modelId, 'invoke-with-response-stream')}`, family.body);
      assert.equal(result.status, 200);
      assert.equal(result.broken, false);
      const { chunks, rest } = splitAtException(decodeEventStream(result.bytes));
      const payloads = decodeChunkPayloads(chunks) as Array<Record<string, unknown>>;
      assert.equal(payloads.filter(family.content).length, 2);
      assert.ok(payloads.every((p) => !('amazon-bedrock-invocationMetrics' in p)), 'no closing chunk');
      assertException(rest, 'serviceUnavailableException');
      assert.equal(sim.stats().failed, 1);
    });
  }

  test('OpenAI chat: 2 content chunks, then one error data line, no finish_reason and no [DONE]', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ streamError: { afterChunks: 2, kind: 'throttled' } });
    const result = await readStreamedBody(`${sim.url}/v1/chat/completions`, chatStreamBody);
    assert.equal(result.status, 200);
    assert.equal(result.broken, false);
    const lines = sseDataLines(result.bytes.toString('utf8'));
    assert.ok(!lines.includes('[DONE]'));
    const last = JSON.parse(lines.at(-1) ?? '{}') as { error?: { type: string; code: string; message: string } };
    assert.equal(last.error?.type, 'rate_limit_exceeded');
    assert.equal(last.error?.code, 'rate_limit_exceeded');
    assert.match(last.error?.message ?? '', /^Rate limit reached/);
    const chunks = lines.slice(0, -1).map((l) => JSON.parse(l) as { choices: Array<{ delta: { content?: string }; finish_reason: string | null }> });
    assert.equal(chunks.filter((c) => (c.choices[0].delta.content ?? '') !== '').length, 2);
    assert.ok(chunks.every((c) => c.choices[0].finish_reason === null));

    sim.setFaults({ streamError: { afterChunks: 0, kind: 'overloaded' } });
    const overloaded = sseDataLines((await readStreamedBody(`${sim.url}/v1/chat/completions`, chatStreamBody)).bytes.toString('utf8'));
    assert.deepEqual(JSON.parse(overloaded.at(-1) ?? '{}'), { error: { message: 'The server is overloaded or not ready yet.', type: 'server_error', param: null, code: 'server_error' } });
    assert.equal(sim.stats().failed, 2);
  });

  test('Azure OpenAI chat: the same error line after the content-filter head', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ streamError: { afterChunks: 1, kind: 'overloaded' } });
    const result = await readStreamedBody(`${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, chatStreamBody, { 'api-key': 'k' });
    assert.equal(result.broken, false);
    const lines = sseDataLines(result.bytes.toString('utf8'));
    assert.ok(!lines.includes('[DONE]'));
    assert.equal((JSON.parse(lines.at(-1) ?? '{}') as { error: { code: string } }).error.code, 'server_error');
  });

  test('count 1 fails only the next stream; non-streamed requests neither fail nor use it up', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ streamError: { afterChunks: 2, kind: 'overloaded', count: 1 } });
    assert.equal((await postJson(`${sim.url}/v1/chat/completions`, chatBody('whole'))).status, 200);
    assert.equal(sim.faults().streamError?.count, 1);
    const first = sseDataLines((await readStreamedBody(`${sim.url}/v1/chat/completions`, chatStreamBody)).bytes.toString('utf8'));
    assert.ok('error' in (JSON.parse(first.at(-1) ?? '{}') as object));
    assert.equal(sim.faults().streamError, null, 'the fault cleared itself');
    const second = sseDataLines((await readStreamedBody(`${sim.url}/v1/chat/completions`, chatStreamBody)).bytes.toString('utf8'));
    assert.equal(second.at(-1), '[DONE]');
    assert.ok(second.every((l) => !l.includes('"error"')));
    assert.equal(sim.stats().failed, 1);
    assert.equal(sim.stats().served, 2);
  });

  test('concurrent streams each take one of a count', async () => {
    sim = await startFastSimulator({ tokensPerSecond: 200 });
    sim.setFaults({ streamError: { afterChunks: 1, kind: 'throttled', count: 2 } });
    const results = await Promise.all([1, 2, 3].map(() => readStreamedBody(`${sim.url}/v1/chat/completions`, chatStreamBody)));
    const ends = results.map((r) => sseDataLines(r.bytes.toString('utf8')).at(-1) ?? '');
    assert.equal(ends.filter((end) => end === '[DONE]').length, 1);
    assert.equal(ends.filter((end) => end.includes('"error"')).length, 2);
    assert.equal(sim.stats().failed, 2);
    assert.equal(sim.faults().streamError, null);
  });

  test('a stream shorter than afterChunks gets the error after its last chunk', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ streamError: { afterChunks: 50, kind: 'overloaded', count: 1 } });
    const lines = sseDataLines((await readStreamedBody(`${sim.url}/v1/chat/completions`, chatBody('short', { stream: true, max_tokens: 3 }))).bytes.toString('utf8'));
    assert.ok(!lines.includes('[DONE]'));
    assert.ok('error' in (JSON.parse(lines.at(-1) ?? '{}') as object));
    assert.equal(sim.faults().streamError, null);
  });

  test('a stream with no in-stream error of its own (OpenAI Responses) is cut instead', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ streamError: { afterChunks: 2, kind: 'overloaded' } });
    const result = await readStreamedBody(`${sim.url}/v1/responses`, { model: 'sim-model', input: 'Tell me a story', stream: true, max_output_tokens: 20 });
    assert.equal(result.status, 200);
    assert.equal(result.broken, true);
    assert.doesNotMatch(result.bytes.toString('utf8'), /response\.completed/);
    assert.equal(sim.stats().failed, 1);
  });

  test('admin endpoint: sets, reads back and clears streamError; refuses bad values', async () => {
    sim = await startFastSimulator();
    const set = await postJson(`${sim.url}/_sim/faults`, { streamError: { afterChunks: 3, kind: 'throttled' } });
    assert.equal(set.status, 200);
    assert.deepEqual((set.json as { streamError: unknown }).streamError, { afterChunks: 3, kind: 'throttled', count: null });
    const counted = await postJson(`${sim.url}/_sim/faults`, { streamError: { afterChunks: 0, kind: 'overloaded', count: 4 } });
    assert.deepEqual((counted.json as { streamError: unknown }).streamError, { afterChunks: 0, kind: 'overloaded', count: 4 });

    const badKind = await postJson(`${sim.url}/_sim/faults`, { streamError: { afterChunks: 2, kind: 'exploded' } });
    assert.equal(badKind.status, 400);
    assert.match((badKind.json as { error: { message: string } }).error.message, /streamError\.kind/);
    for (const bad of [{ afterChunks: -1, kind: 'overloaded' }, { afterChunks: 1.5, kind: 'overloaded' }, { kind: 'overloaded' },
      { afterChunks: 2, kind: 'overloaded', count: 0 }, { afterChunks: 2, kind: 'overloaded', extra: true }, true]) {
      assert.equal((await postJson(`${sim.url}/_sim/faults`, { streamError: bad })).status, 400, JSON.stringify(bad));
    }
    assert.deepEqual(sim.faults().streamError, { afterChunks: 0, kind: 'overloaded', count: 4 }, 'refused patches change nothing');
    assert.throws(() => sim.setFaults({ streamError: { afterChunks: 2, kind: 'nope' as 'overloaded' } }), /streamError/);

    const cleared = await postJson(`${sim.url}/_sim/faults`, { streamError: null });
    assert.equal((cleared.json as { streamError: unknown }).streamError, null);
    sim.setFaults({ streamError: { afterChunks: 1, kind: 'overloaded' } });
    assert.equal((await postJson(`${sim.url}/_sim/faults/reset`, {})).status, 200);
    assert.equal(sim.faults().streamError, null);
  });
});
