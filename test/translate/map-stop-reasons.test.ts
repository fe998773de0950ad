import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapConverseStopReason } from '../../src/translate/map-converse-stop-reason.js';
import { mapOpenAiFinishReason } from '../../src/translate/map-openai-finish-reason.js';

describe('mapOpenAiFinishReason', () => {
  const table: Array<[string | null | undefined, string]> = [
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_use'],
    ['function_call', 'tool_use'],
    ['content_filter', 'content_filtered'],
    [null, 'end_turn'],
    [undefined, 'end_turn'],
    ['eos', 'end_turn'],
  ];
  for (const [finish, stop] of table) {
    it(`${String(finish)} -> ${stop}`, () => assert.equal(mapOpenAiFinishReason(finish), stop));
  }
  it('reads stop after tool calls as tool_use, but not length', () => {
    assert.equal(mapOpenAiFinishReason('stop', true), 'tool_use');
    assert.equal(mapOpenAiFinishReason('length', true), 'max_tokens');
  });
});

describe('mapConverseStopReason', () => {
  const table: Array<[string, string]> = [
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['content_filtered', 'content_filter'],
    ['guardrail_intervened', 'content_filter'],
    ['malformed_tool_use', 'stop'],
    ['some_future_reason', 'stop'],
  ];
  for (const [stop, finish] of table) {
    it(`${stop} -> ${finish}`, () => assert.equal(mapConverseStopReason(stop), finish));
  }
  it('inverts mapOpenAiFinishReason on the reasons both sides share', () => {
    for (const finish of ['stop', 'length', 'tool_calls', 'content_filter'] as const) {
      assert.equal(mapConverseStopReason(mapOpenAiFinishReason(finish)), finish);
    }
  });
});
