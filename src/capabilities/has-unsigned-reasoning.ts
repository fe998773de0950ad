/**
 * Whether a request's history holds reasoning without its signature (from a surface that has no place for one:
 * an OpenAI chat `reasoning_content`, a Converse `reasoningText` sent without it). Claude, on Anthropic or on
 * Bedrock, takes its thinking back only with the signature it issued, so such deployments refuse these requests
 * (`reasoningContent`) and routing looks elsewhere. Pure.
 */
import type { InferenceRequest } from '../inference/inference-request.js';

export function hasUnsignedReasoning(request: InferenceRequest): boolean {
  for (const message of request.messages) {
    if (message.role !== 'assistant') continue;
    for (const part of message.content) if (part.type === 'reasoning' && part.signature === undefined) return true;
  }
  return false;
}
