import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readConverseResponse, readConverseStreamEvent } from '../../../src/surfaces/bedrock-converse/converse-response-schema.js';
import { failsWith } from '../../support/fails-with-code.js';

describe('reading a Converse answer from upstream', () => {
  it('reports a malformed response as upstream_rejected', () => {
    failsWith('upstream_rejected', () => readConverseResponse({ output: {}, stopReason: 'end_turn' }));
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
});
