/**
 * A SimCompletion in Gemini's shapes: a `GenerateContentResponse` (candidates with content parts, finish reason
 * and safety ratings, `usageMetadata` with thinking and cached tokens), and the chunks of
 * `streamGenerateContent?alt=sse` (one per token, the last with `finishReason` and the whole usage). A prompt with
 * `sim-safety-block` is answered with no content and `finishReason: SAFETY`. Pure.
 */
import type { SimCompletion } from './sim-completion.js';

export const SAFETY_BLOCK_TRIGGER = 'sim-safety-block';

export interface GeminiResponseIdentity {
  responseId: string;
  modelVersion: string;
  /** Input tokens Vertex served from its implicit cache (the system instruction, seen before). */
  cachedTokens: number;
  includeThoughts: boolean;
  safetyBlocked: boolean;
}

function safetyRatings(blocked: boolean) {
  return ['HARM_CATEGORY_HATE_SPEECH', 'HARM_CATEGORY_DANGEROUS_CONTENT', 'HARM_CATEGORY_HARASSMENT', 'HARM_CATEGORY_SEXUALLY_EXPLICIT'].map((category, i) => ({
    category,
    probability: blocked && i === 1 ? 'HIGH' : 'NEGLIGIBLE',
    ...(blocked && i === 1 ? { blocked: true } : {}),
  }));
}

export function geminiUsage(completion: SimCompletion, identity: GeminiResponseIdentity) {
  const thoughts = completion.reasoning?.tokens.length ?? 0;
  const candidates = identity.safetyBlocked ? 0 : completion.outputTokens - thoughts;
  return {
    promptTokenCount: completion.inputTokens,
    candidatesTokenCount: candidates,
    totalTokenCount: completion.inputTokens + candidates + thoughts,
    ...(thoughts === 0 ? {} : { thoughtsTokenCount: thoughts }),
    ...(identity.cachedTokens === 0 ? {} : { cachedContentTokenCount: identity.cachedTokens }),
  };
}

function thoughtParts(completion: SimCompletion, identity: GeminiResponseIdentity) {
  const reasoning = completion.reasoning;
  if (reasoning === undefined || !identity.includeThoughts) return [];
  return [{ text: reasoning.tokens.join(''), thought: true, thoughtSignature: reasoning.signature }];
}

function answerParts(completion: SimCompletion) {
  return completion.kind === 'tool-call' ? [{ functionCall: { name: completion.toolName, args: JSON.parse(completion.argumentsJson) as unknown } }] : [{ text: completion.tokens.join('') }];
}

function finishReason(completion: SimCompletion, identity: GeminiResponseIdentity): string {
  if (identity.safetyBlocked) return 'SAFETY';
  return completion.kind === 'text' && completion.finish === 'length' ? 'MAX_TOKENS' : 'STOP';
}

export function renderGeminiResponse(completion: SimCompletion, identity: GeminiResponseIdentity) {
  const parts = identity.safetyBlocked ? [] : [...thoughtParts(completion, identity), ...answerParts(completion)];
  return {
    candidates: [{
      content: { role: 'model', parts },
      finishReason: finishReason(completion, identity),
      safetyRatings: safetyRatings(identity.safetyBlocked),
    }],
    usageMetadata: geminiUsage(completion, identity),
    modelVersion: identity.modelVersion,
    createTime: new Date().toISOString(),
    responseId: identity.responseId,
  };
}

export interface GeminiChunkSequence {
  head: unknown[];
  content: unknown[];
  tail: unknown[];
}

export function renderGeminiChunks(completion: SimCompletion, identity: GeminiResponseIdentity): GeminiChunkSequence {
  const chunk = (parts: unknown[], extra: Record<string, unknown> = {}) => ({
    candidates: [{ content: { role: 'model', parts }, ...extra }],
    modelVersion: identity.modelVersion,
    createTime: new Date().toISOString(),
    responseId: identity.responseId,
  });
  const last = {
    ...chunk([], { finishReason: finishReason(completion, identity), safetyRatings: safetyRatings(identity.safetyBlocked) }),
    usageMetadata: geminiUsage(completion, identity),
  };
  if (identity.safetyBlocked) return { head: [], content: [], tail: [last] };
  const head = thoughtParts(completion, identity).map((part) => chunk([part]));
  const content = completion.kind === 'tool-call' ? [chunk(answerParts(completion))] : completion.tokens.map((token) => chunk([{ text: token }]));
  return { head, content, tail: [last] };
}
