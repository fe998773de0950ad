/**
 * An error sent as a chunk of an SSE stream: an interrupted upstream, a throttle or an overload said as such, the
 * upstream's message never in georoute's own; and the mapping to what the caller is told (stream-break-error.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { sseErrorChunkFailure } from '../../src/providers/classify-sse-error-chunk.js';
import { classifyAnthropicStreamError } from '../../src/providers/anthropic/classify-anthropic-error.js';
import { classifyBedrockStreamException } from '../../src/providers/bedrock/classify-bedrock-error.js';
import { UpstreamFailure } from '../../src/providers/upstream-contract.js';
import { streamBreakError } from '../../src/pipeline/stream-break-error.js';
import { readSseDataStream } from '../../src/providers/read-sse-data-stream.js';
import { StopNotice } from '../../src/inference/stop-signal.js';

const sseBody = (...events: string[]) => Readable.from(events.map((data) => Buffer.from(`data: ${data}\n\n`))) as unknown as Dispatcher.ResponseData['body'];
const throttleChunk = '{"error":{"message":"Rate limit reached for secret-prompt","code":"rate_limit_exceeded"}}';

describe('an error chunk in an SSE stream', () => {
  it('is no failure for an ordinary chunk, whatever it says about errors', () => {
    assert.equal(sseErrorChunkFailure('d', '{"id":"c","choices":[{"delta":{"content":"\\"error\\": no"}}]}'), undefined);
    assert.equal(sseErrorChunkFailure('d', '[DONE]'), undefined);
  });

  it('reads OpenAI and Azure rate limits as a throttle, a server error as a plain interruption', () => {
    const throttled = sseErrorChunkFailure('d', '{"error":{"message":"Rate limit reached for secret-prompt","type":"requests","code":"rate_limit_exceeded"}}');
    assert.equal(throttled?.kind, 'interrupted');
    assert.equal(throttled?.brokeOffAs, 'throttled');
    assert.equal(throttled?.upstreamErrorType, 'rate_limit_exceeded');
    assert.equal(throttled?.upstreamText, 'Rate limit reached for secret-prompt');
    assert.doesNotMatch(throttled?.message ?? '', /secret/);
    assert.equal(sseErrorChunkFailure('d', ' { "error" : {"code":"RateLimitReached","message":"x"}}')?.brokeOffAs, 'throttled');
    const server = sseErrorChunkFailure('d', '{"error":{"message":"The server had an error","type":"server_error"}}');
    assert.equal(server?.kind, 'interrupted');
    assert.equal(server?.brokeOffAs, undefined);
  });

  it("reads Google's status (its code is a number)", () => {
    assert.equal(sseErrorChunkFailure('d', '{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}')?.brokeOffAs, 'unavailable');
    assert.equal(sseErrorChunkFailure('d', '{"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED"}}')?.brokeOffAs, 'throttled');
    assert.equal(sseErrorChunkFailure('d', '{"error":"just text"}')?.brokeOffAs, undefined);
  });
});

describe('an error chunk in a converted SSE stream (Azure OpenAI, Gemini)', () => {
  it('fails over when it is the first event: nothing was passed on yet', async () => {
    await assert.rejects(readSseDataStream(sseBody(throttleChunk), new StopNotice(), 'azure-eu', { requireDone: true }), (error: unknown) => {
      assert.ok(error instanceof UpstreamFailure);
      assert.equal(error.kind, 'throttled');
      assert.doesNotMatch(error.message, /secret/);
      return true;
    });
  });

  it('ends the stream as an interruption after the first event, never as data', async () => {
    const sse = await readSseDataStream(sseBody('{"choices":[{"delta":{"content":"hi"}}]}', throttleChunk, '[DONE]'), new StopNotice(), 'azure-eu', { requireDone: true });
    const seen: string[] = [];
    await assert.rejects((async () => {
      for await (const data of sse.data) seen.push(data);
    })(), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'interrupted' && error.brokeOffAs === 'throttled');
    assert.deepEqual(seen, ['{"choices":[{"delta":{"content":"hi"}}]}']);
  });
});

describe('mid-stream errors of Anthropic and Bedrock', () => {
  it('say an overload or a throttle once the stream has started, and fail over before', () => {
    const overloaded = classifyAnthropicStreamError('a', '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', true);
    assert.equal(overloaded.kind, 'interrupted');
    assert.equal(overloaded.brokeOffAs, 'unavailable');
    assert.equal(classifyAnthropicStreamError('a', '{"type":"error","error":{"type":"rate_limit_error","message":"x"}}', true).brokeOffAs, 'throttled');
    assert.equal(classifyAnthropicStreamError('a', '{"type":"error","error":{"type":"api_error","message":"x"}}', true).brokeOffAs, undefined);
    assert.equal(classifyAnthropicStreamError('a', '{"type":"error","error":{"type":"overloaded_error","message":"x"}}', false).kind, 'unavailable');
    assert.equal(classifyBedrockStreamException('b', 'throttlingException', 'x', true).brokeOffAs, 'throttled');
    assert.equal(classifyBedrockStreamException('b', 'serviceUnavailableException', 'x', true).brokeOffAs, 'unavailable');
    assert.equal(classifyBedrockStreamException('b', 'internalServerException', 'x', true).brokeOffAs, undefined);
    assert.equal(classifyBedrockStreamException('b', 'throttlingException', 'x', false).kind, 'throttled');
  });
});

describe('what the caller is told when a stream broke off', () => {
  it('is a throttle, an overload or an interruption, as the upstream said', () => {
    assert.equal(streamBreakError(new UpstreamFailure('interrupted', 'x', { brokeOffAs: 'throttled' })).code, 'no_capacity');
    assert.equal(streamBreakError(new UpstreamFailure('interrupted', 'x', { brokeOffAs: 'unavailable' })).code, 'upstream_unavailable');
    assert.equal(streamBreakError(new UpstreamFailure('interrupted', 'x')).code, 'stream_interrupted');
    assert.equal(streamBreakError(new Error('socket hang up')).code, 'stream_interrupted');
  });
});
