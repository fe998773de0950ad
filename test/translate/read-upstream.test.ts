import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GeorouteError } from '../../src/errors/error-catalog.js';
import { readChatResponse, readConverseResponse, readNovaResponse } from '../../src/translate/read-upstream-responses.js';
import {
  readChatCompletionChunk,
  readConverseStreamEvent,
  readNovaStreamChunk,
} from '../../src/translate/read-upstream-stream-events.js';

function failsWith(code: string, run: () => unknown): GeorouteError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof GeorouteError);
    assert.equal(error.code, code);
    return error;
  }
  assert.fail(`expected ${code}`);
}

describe('reading upstream responses', () => {
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
    failsWith('upstream_rejected', () => readConverseResponse({ output: {}, stopReason: 'end_turn' }));
    failsWith('upstream_rejected', () => readNovaResponse('nope'));
  });
});

describe('reading upstream stream events', () => {
  it('reads OpenAI chunks and turns an in-stream error object into stream_interrupted', () => {
    const chunk = readChatCompletionChunk('{"id":"c","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}');
    assert.equal(chunk.choices[0]?.delta.content, 'x');
    const error = failsWith('stream_interrupted', () =>
      readChatCompletionChunk('{"error":{"message":"overloaded","type":"server_error"}}'),
    );
    assert.match(error.message, /overloaded/);
    failsWith('stream_interrupted', () => readChatCompletionChunk('{not json'));
    failsWith('stream_interrupted', () => readChatCompletionChunk('{"choices":[{"delta":{"tool_calls":[{"index":-1}]}}]}'));
  });

  it('skips unknown ConverseStream event types and rejects malformed known ones', () => {
    assert.equal(readConverseStreamEvent('somethingNew', { a: 1 }), undefined);
    assert.deepEqual(readConverseStreamEvent('contentBlockStop', { contentBlockIndex: 2, p: 'abc' }), {
      eventType: 'contentBlockStop',
      body: { contentBlockIndex: 2, p: 'abc' },
    });
    const error = failsWith('stream_interrupted', () => readConverseStreamEvent('metadata', { usage: {} }));
    assert.match(error.message, /usage\.inputTokens/);
  });

  it('reads Nova chunks', () => {
    assert.deepEqual(readNovaStreamChunk('{"messageStop":{"stopReason":"end_turn"}}'), { messageStop: { stopReason: 'end_turn' } });
    failsWith('stream_interrupted', () => readNovaStreamChunk('{"contentBlockDelta":{"delta":{}}}'));
  });
});
