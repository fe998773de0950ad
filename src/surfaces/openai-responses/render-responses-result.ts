/**
 * Canonical result -> Responses response object (`POST /v1/responses` without `stream`). Each text block is one
 * `message` item, each tool call one `function_call` item, each reasoning block one `reasoning` item, in the order
 * the model produced them. A length stop is `status: incomplete` with `incomplete_details.reason:
 * max_output_tokens`, as OpenAI answers. Pure.
 */
import type { InferenceFinishReason, InferenceResult } from '../../inference/inference-result.js';
import {
  functionCallItem,
  outputItemId,
  reasoningItem,
  renderLogprobs,
  responseObject,
  type ResponsesObject,
  type ResponsesOutputItem,
  type ResponsesRenderInput,
  type ResponsesStatus,
} from './responses-output-items.js';

export function incompleteReason(reason: InferenceFinishReason): 'max_output_tokens' | 'content_filter' | undefined {
  if (reason.kind === 'length' || reason.kind === 'context-window') return 'max_output_tokens';
  if (reason.kind === 'content-filter') return 'content_filter';
  return undefined;
}

export function renderResponsesResult(result: InferenceResult, input: ResponsesRenderInput): ResponsesObject {
  const incomplete = incompleteReason(result.finishReason);
  const status: ResponsesStatus = incomplete === undefined ? 'completed' : 'incomplete';
  const itemStatus = incomplete === undefined ? 'completed' : 'incomplete';
  const output: ResponsesOutputItem[] = [];
  let logprobsGiven = false;
  for (const part of result.content) {
    const index = output.length;
    switch (part.type) {
      case 'text': {
        const logprobs = !logprobsGiven && result.logprobs !== undefined ? renderLogprobs(result.logprobs) : [];
        logprobsGiven = true;
        output.push({ id: outputItemId(input, 'msg', index), type: 'message', status: itemStatus, role: 'assistant', content: [{ type: 'output_text', text: part.text, annotations: [], logprobs }] });
        break;
      }
      case 'tool-call':
        output.push(functionCallItem(input, outputItemId(input, 'fc', index), part, 'completed'));
        break;
      case 'reasoning':
        output.push(reasoningItem(input, outputItemId(input, 'rs', index), part.text, part.signature, 'completed'));
        break;
      case 'redacted-reasoning':
        output.push(reasoningItem(input, outputItemId(input, 'rs', index), undefined, part.data, 'completed'));
        break;
      case 'cache-point':
        break;
    }
  }
  const response = responseObject(input, status, output, result.usage, result.serviceTier);
  if (incomplete !== undefined) response.incomplete_details = { reason: incomplete };
  return response;
}
