/**
 * Canonical result -> Converse response (the surface's `renderResult`): the content in order as blocks, the stop
 * reason in Converse's words, usage with the cache counts apart, `metrics.latencyMs`, and the service tier when the
 * upstream said. Pure.
 */
import type { InferenceResult } from '../../inference/inference-result.js';
import type { ConverseResponse } from './converse-types.js';
import { assistantBlock } from './convert-inference-parts-to-converse-blocks.js';
import { inferenceFinishReasonToConverse } from './map-converse-stop-reason.js';
import { inferenceUsageToConverse } from './map-converse-usage.js';

export interface ConverseResponseWithTier extends ConverseResponse {
  serviceTier?: { type: string };
}

export function convertInferenceResultToConverse(result: InferenceResult, latencyMs: number): ConverseResponseWithTier {
  const content = result.content.map((part, j) => assistantBlock(part, `output.message.content[${j}]`));
  const response: ConverseResponseWithTier = {
    output: { message: { role: 'assistant', content } },
    stopReason: inferenceFinishReasonToConverse(result.finishReason),
    usage: inferenceUsageToConverse(result.usage),
    metrics: { latencyMs },
  };
  const fields = result.providerMetadata?.bedrock?.additionalModelResponseFields;
  if (typeof fields === 'object' && fields !== null && !Array.isArray(fields)) response.additionalModelResponseFields = fields;
  if (result.serviceTier !== undefined) response.serviceTier = { type: result.serviceTier };
  return response;
}
