import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamFailure } from '../../../src/providers/upstream-contract.js';
import { readChatCompletionChunk, readChatResponse } from '../../../src/providers/openai-compatible/read-openai-chat-response.js';
import { failsWith } from '../../support/fails-with-code.js';

describe('reading an OpenAI-compatible chat answer', () => {
  it('tolerates what OpenAI-compatible servers leave out or invent', () => {
    const response = readChatResponse({
      choices: [{ message: { content: 'hi', tool_calls: null }, finish_reason: 'eos' }],
      prompt_logprobs: null,
    });
    assert.equal(response.choices[0]?.finish_reason, 'stop');
    assert.equal(response.choices[0]?.message.tool_calls, undefined);
    assert.equal(response.usage, undefined);
  });

  it('reports a malformed body as upstream_rejected naming the field', () => {
    const error = failsWith('upstream_rejected', () => readChatResponse({ choices: [{ message: { content: 5 } }] }));
    assert.match(error.message, /choices\[0\]\.message\.content/);
  });

  it('reads stream chunks and turns an in-stream error object into an interrupted upstream, its text kept apart', () => {
    const chunk = readChatCompletionChunk('{"id":"c","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}');
    assert.equal(chunk.choices[0]?.delta.content, 'x');
    assert.throws(() => readChatCompletionChunk('{"error":{"message":"echo of secret prompt","type":"server_error"}}'), (error: unknown) => {
      assert.ok(error instanceof UpstreamFailure);
      assert.equal(error.kind, 'interrupted');
      assert.equal(error.upstreamErrorType, 'server_error');
      assert.equal(error.upstreamText, 'echo of secret prompt');
      assert.doesNotMatch(error.message, /secret/);
      return true;
    });
    failsWith('stream_interrupted', () => readChatCompletionChunk('{not json'));
    failsWith('stream_interrupted', () => readChatCompletionChunk('{"choices":[{"delta":{"tool_calls":[{"index":-1}]}}]}'));
  });
});
