/**
 * The pure Anthropic converters against recorded fixtures, both directions: a Messages body <-> a Bedrock Claude
 * InvokeModel body, Bedrock chunks <-> Anthropic SSE events, and the usage (prompt-cache tokens included) read from
 * either stream.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { convertBedrockBodyToAnthropicRequest, convertMessagesBodyToAnthropicRequest } from '../../src/providers/anthropic/convert-to-anthropic-request.js';
import { readAnthropicSseStream } from '../../src/providers/anthropic/read-anthropic-sse-stream.js';
import { parseAnthropicMessagesRequest, parseBedrockAnthropicBody } from '../../src/surfaces/anthropic-messages/anthropic-messages-request-schema.js';
import { usageAfterAnthropicEvent } from '../../src/surfaces/anthropic-messages/read-anthropic-usage.js';
import { convertAnthropicMessagesToBedrockBody, convertBedrockChunkToAnthropicEvent } from '../../src/upstreams/bedrock/convert-anthropic-messages-for-bedrock.js';
import { usageFromNativeChunk } from '../../src/upstreams/bedrock/read-bedrock-usage.js';
import type { TokenUsage, UpstreamStreamEvent } from '../../src/upstreams/upstream-contract.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const messagesBody = JSON.parse(fixture('messages-request.json')) as Record<string, unknown>;
const bedrockBody = JSON.parse(fixture('bedrock-invoke-body.json')) as Record<string, unknown>;
const chunkLines = fixture('bedrock-invoke-stream.chunks.txt').trim().split('\n');
const eventLines = fixture('messages-stream.events.txt').trim().split('\n').map((line) => {
  const space = line.indexOf(' ');
  return { eventType: line.slice(0, space), data: line.slice(space + 1) };
});
const expectedUsage: TokenUsage = { inputTokens: 12, outputTokens: 5, cacheReadInputTokens: 40 };

describe('Anthropic converters (fixtures, both directions)', () => {
  test('both fixtures are valid for their surface', () => {
    assert.doesNotThrow(() => parseAnthropicMessagesRequest(messagesBody));
    assert.doesNotThrow(() => parseBedrockAnthropicBody(bedrockBody));
  });

  test('Messages body -> Bedrock Claude body', () => {
    assert.deepEqual(convertAnthropicMessagesToBedrockBody(messagesBody), bedrockBody);
  });

  test('Bedrock Claude body -> Messages body for an anthropic upstream (betas to the header)', () => {
    const { anthropic_beta: betas, ...rest } = messagesBody;
    const converted = convertBedrockBodyToAnthropicRequest(bedrockBody, String(messagesBody.model), true);
    assert.deepEqual(converted.body, rest);
    assert.deepEqual(converted.betas, betas);
  });

  test('fast path: a Messages body keeps everything but the model', () => {
    const { anthropic_beta: _betas, ...rest } = messagesBody;
    assert.deepEqual(convertMessagesBodyToAnthropicRequest(messagesBody, 'claude-sonnet-4-5-20250929', true).body, { ...rest, model: 'claude-sonnet-4-5-20250929' });
  });

  test('Bedrock chunks -> Anthropic SSE events (invocation metrics removed)', () => {
    const events = chunkLines.map((line) => convertBedrockChunkToAnthropicEvent(new Uint8Array(Buffer.from(line))));
    assert.deepEqual(events.map((e) => e.format === 'anthropic-messages' && [e.eventType, JSON.parse(e.data) as unknown]),
      eventLines.map((e) => [e.eventType, JSON.parse(e.data) as unknown]));
  });

  test('Anthropic SSE -> Bedrock chunks (message_stop gains the invocation metrics)', async () => {
    const sse = eventLines.map((e) => `event: ${e.eventType}\ndata: ${e.data}\n\n`);
    const body = Readable.from(sse.map((text) => Buffer.from(text))) as unknown as Dispatcher.ResponseData['body'];
    const response = await readAnthropicSseStream({ deploymentId: 'd', format: 'bedrock-invoke', body, signal: new AbortController().signal, startedAt: Date.now() });
    const chunks: unknown[] = [];
    for await (const event of response.events) if (event.format === 'bedrock-invoke') chunks.push(JSON.parse(Buffer.from(event.chunk).toString('utf8')));
    const timing = (value: unknown) => {
      const metrics = (value as Record<string, Record<string, unknown> | undefined>)['amazon-bedrock-invocationMetrics'];
      if (metrics) for (const key of ['invocationLatency', 'firstByteLatency']) metrics[key] = 0;
      return value;
    };
    assert.deepEqual(chunks.map(timing), chunkLines.map((line) => timing(JSON.parse(line))));
    assert.deepEqual(response.usage(), expectedUsage);
  });

  test('usage: the same from Bedrock chunks and from Anthropic events', () => {
    let fromChunks: TokenUsage | undefined;
    for (const line of chunkLines) fromChunks = usageFromNativeChunk(JSON.parse(line), fromChunks);
    let fromEvents: TokenUsage | undefined;
    for (const event of eventLines) fromEvents = usageAfterAnthropicEvent(fromEvents, JSON.parse(event.data));
    assert.deepEqual(fromChunks, expectedUsage);
    assert.deepEqual(fromEvents, expectedUsage);
  });

  test('a stream cut before message_stop is interrupted, never complete', async () => {
    const sse = eventLines.slice(0, 3).map((e) => Buffer.from(`event: ${e.eventType}\ndata: ${e.data}\n\n`));
    const body = Readable.from(sse) as unknown as Dispatcher.ResponseData['body'];
    const response = await readAnthropicSseStream({ deploymentId: 'd', format: 'anthropic-messages', body, signal: new AbortController().signal, startedAt: Date.now() });
    const seen: UpstreamStreamEvent[] = [];
    await assert.rejects((async () => { for await (const event of response.events) seen.push(event); })(), /before message_stop/);
    assert.equal(seen.length, 3);
  });
});
