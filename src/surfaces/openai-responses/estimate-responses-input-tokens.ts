/**
 * An estimate of a Responses request's input tokens, for admission before the call (real counts from the upstream
 * always win): about four characters per token over the canonical request's text, tool definitions and tool
 * traffic, a small overhead per message, a flat amount per image. Pure.
 */
import type { InferenceRequest } from '../../inference/inference-request.js';
import { IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS, REQUEST_OVERHEAD_TOKENS } from '../estimate-input-tokens.js';

export function estimateResponsesInputTokens(request: InferenceRequest): number {
  let chars = 0;
  let images = 0;
  for (const part of request.system) if (part.type === 'text') chars += part.text.length;
  for (const message of request.messages) {
    for (const part of message.content) {
      if (part.type === 'text' || part.type === 'reasoning') chars += part.text.length;
      else if (part.type === 'tool-call') chars += part.name.length + part.input.length;
      else if (part.type === 'image') images++;
      else if (part.type === 'tool-result') {
        for (const item of part.content) {
          if (item.type === 'text') chars += item.text.length;
          else if (item.type === 'json') chars += JSON.stringify(item.value).length;
          else if (item.type === 'image') images++;
        }
      }
    }
  }
  for (const tool of request.tools ?? []) if (tool.type === 'function') chars += tool.name.length + (tool.description?.length ?? 0) + JSON.stringify(tool.inputSchema).length;
  return REQUEST_OVERHEAD_TOKENS + request.messages.length * MESSAGE_OVERHEAD_TOKENS + Math.ceil(chars / 4) + images * IMAGE_TOKENS;
}
