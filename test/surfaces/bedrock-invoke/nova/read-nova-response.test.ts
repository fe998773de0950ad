import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readNovaResponse, readNovaStreamChunk } from '../../../../src/surfaces/bedrock-invoke/nova/read-nova-response.js';
import { failsWith } from '../../../support/fails-with-code.js';

describe('reading a Nova native answer', () => {
  it('reports a malformed response as upstream_rejected', () => {
    failsWith('upstream_rejected', () => readNovaResponse('nope'));
  });

  it('reads Nova chunks and ends the stream on a malformed one', () => {
    assert.deepEqual(readNovaStreamChunk('{"messageStop":{"stopReason":"end_turn"}}'), { messageStop: { stopReason: 'end_turn' } });
    failsWith('stream_interrupted', () => readNovaStreamChunk('{"contentBlockDelta":{"delta":{}}}'));
  });
});
