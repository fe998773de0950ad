/**
 * What the caller is told when the upstream broke off a stream that had started: a throttle as `no_capacity`, an
 * overloaded or unavailable service as `upstream_unavailable`, when the upstream said so (`brokeOffAs`); anything
 * else as `stream_interrupted`. Each surface renders the code in its wire (Anthropic `overloaded_error`, Bedrock
 * `throttlingException`, ...), so a client that retries on a mid-stream overload (Claude Code does) can.
 */
import { GeorouteError } from '../errors/error-catalog.js';
import { UpstreamFailure } from '../providers/upstream-contract.js';

export function streamBreakError(thrown: unknown): GeorouteError {
  const brokeOffAs = thrown instanceof UpstreamFailure ? thrown.brokeOffAs : undefined;
  if (brokeOffAs === 'throttled') {
    return new GeorouteError('no_capacity', 'The upstream was throttled during the stream, so the answer is incomplete; retry the request.', { cause: thrown });
  }
  if (brokeOffAs === 'unavailable') {
    return new GeorouteError('upstream_unavailable', 'The upstream was overloaded during the stream, so the answer is incomplete; retry the request.', { cause: thrown });
  }
  return new GeorouteError('stream_interrupted', 'The upstream stream was interrupted before it completed.', { cause: thrown });
}
