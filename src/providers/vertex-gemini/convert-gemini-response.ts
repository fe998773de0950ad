/**
 * A Gemini `generateContent` response as a canonical result: the first candidate's text, thoughts (reasoning,
 * with their signature) and function calls in order, the finish reason (safety family and blocked prompts are
 * `content-filter`), and usage with cached and thinking tokens. Pure.
 */
import type { InferenceAssistantPart } from '../../inference/inference-content-parts.js';
import type { InferenceFinishReason, InferenceResult } from '../../inference/inference-result.js';
import { mapGeminiBlockReason, mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import { geminiCallId, readGeminiCandidate, type GeminiCandidateView } from './read-gemini-candidate.js';
import { readGeminiUsage } from './read-gemini-usage.js';

export function geminiFinishReason(view: GeminiCandidateView, calledTool: boolean): InferenceFinishReason {
  if (view.blockReason !== undefined) return mapGeminiBlockReason(view.blockReason);
  const reason = mapGeminiFinishReason(view.finishReason, calledTool);
  return view.safetyBlocked && reason.kind !== 'content-filter' ? { kind: 'content-filter', raw: 'SAFETY' } : reason;
}

export function convertGeminiResponse(body: Record<string, unknown>): InferenceResult {
  const view = readGeminiCandidate(body);
  const content: InferenceAssistantPart[] = [];
  let calls = 0;
  for (const part of view.parts) {
    if (part.kind === 'function-call') {
      content.push({ type: 'tool-call', id: geminiCallId(view, part, calls++), name: part.name, input: JSON.stringify(part.args) });
    } else if (part.thought) {
      content.push({ type: 'reasoning', text: part.text, ...(part.signature === undefined ? {} : { signature: part.signature }) });
    } else if (part.text !== '') {
      const last = content[content.length - 1];
      if (last?.type === 'text') last.text += part.text;
      else content.push({ type: 'text', text: part.text });
    }
  }
  return {
    ...(view.responseId === undefined ? {} : { id: view.responseId }),
    content,
    finishReason: geminiFinishReason(view, calls > 0),
    usage: readGeminiUsage(body.usageMetadata) ?? { inputTokens: 0, outputTokens: 0 },
  };
}
