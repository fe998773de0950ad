/**
 * streamTransportFailure, the one mapping every provider's stream reader uses for a transport error: the client
 * going away stays `cancelled`, a break after the first event is `interrupted`, one before it is classified as a
 * failure that can still fail over, and a failure already classified passes as it is.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamTransportFailure } from '../../src/providers/classify-upstream-error.js';
import { StopNotice } from '../../src/inference/stop-signal.js';
import { UpstreamFailure } from '../../src/providers/upstream-contract.js';

const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

describe('streamTransportFailure', () => {
  it('makes a break after the first event an interruption, the classification kept as its message', () => {
    const failure = streamTransportFailure(reset, new StopNotice(), 'dep-1');
    assert.equal(failure.kind, 'interrupted');
    assert.equal(failure.message, 'dep-1: ECONNRESET');
    assert.equal(failure.cause, reset);
  });

  it('classifies a break before the first event, so it can still fail over', () => {
    assert.equal(streamTransportFailure(reset, new StopNotice(), 'dep-1', false).kind, 'unavailable');
  });

  it('keeps the client going away as cancelled, started or not', () => {
    const gone = new StopNotice();
    gone.abort(new Error('client closed'));
    assert.equal(streamTransportFailure(reset, gone, 'dep-1').kind, 'cancelled');
    assert.equal(streamTransportFailure(reset, gone, 'dep-1', false).kind, 'cancelled');
  });

  it('passes a failure that is already classified as it is', () => {
    const throttled = new UpstreamFailure('interrupted', 'dep-1: the stream failed with rate_limit_exceeded', { brokeOffAs: 'throttled' });
    assert.equal(streamTransportFailure(throttled, new StopNotice(), 'dep-1'), throttled);
  });
});
