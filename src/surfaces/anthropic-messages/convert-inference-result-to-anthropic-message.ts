/**
 * Canonical result -> Anthropic message (the surface's `renderResult`, and Claude's InvokeModel answer): the
 * content as blocks, `stop_reason` in Anthropic's words, `stop_sequence` when the upstream said which, usage with
 * the cache counts apart, and `service_tier` in the usage when the upstream said. The id is the upstream's
 * `msg_...` or one made from the request id. Pure.
 */
import type { InferenceResult } from '../../inference/inference-result.js';
import type { AnthropicMessageResponse } from './anthropic-messages-types.js';
import { assistantBlocks } from './convert-inference-parts-to-anthropic-blocks.js';
import { inferenceFinishReasonToAnthropic } from './map-anthropic-stop-reason.js';
import { inferenceUsageToAnthropic } from './map-anthropic-usage.js';

export function anthropicMessageId(upstreamId: string | undefined, requestId: string): string {
  return upstreamId !== undefined && upstreamId.startsWith('msg_') ? upstreamId : `msg_${requestId}`;
}

export function convertInferenceResultToAnthropicMessage(result: InferenceResult, context: { requestId: string; requestedModelId: string }): AnthropicMessageResponse {
  const stopSequence = result.providerMetadata?.anthropic?.stop_sequence;
  return {
    id: anthropicMessageId(result.id, context.requestId),
    type: 'message',
    role: 'assistant',
    model: context.requestedModelId,
    content: assistantBlocks(result.content, 'content'),
    stop_reason: inferenceFinishReasonToAnthropic(result.finishReason),
    stop_sequence: typeof stopSequence === 'string' ? stopSequence : null,
    usage: { ...inferenceUsageToAnthropic(result.usage), ...(result.serviceTier === undefined ? {} : { service_tier: result.serviceTier }) },
  };
}
