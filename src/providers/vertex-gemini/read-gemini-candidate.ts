/**
 * What a Gemini response (or stream chunk) says, read defensively: its first candidate's parts, finish reason and
 * safety verdict, the prompt's block reason, the response id. Pure.
 */

export type GeminiPart =
  | { kind: 'text'; text: string; thought: boolean; signature?: string }
  | { kind: 'function-call'; id?: string; name: string; args: unknown };

export interface GeminiCandidateView {
  responseId?: string;
  parts: GeminiPart[];
  finishReason?: string;
  /** A safety rating says `blocked: true`. */
  safetyBlocked: boolean;
  /** `promptFeedback.blockReason`: the prompt itself was refused. */
  blockReason?: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function partOf(raw: unknown): GeminiPart | undefined {
  const part = record(raw);
  if (part === undefined) return undefined;
  const call = record(part.functionCall);
  if (call !== undefined && typeof call.name === 'string') {
    return { kind: 'function-call', name: call.name, args: call.args ?? {}, ...(typeof call.id === 'string' ? { id: call.id } : {}) };
  }
  if (typeof part.text === 'string') {
    return { kind: 'text', text: part.text, thought: part.thought === true, ...(typeof part.thoughtSignature === 'string' ? { signature: part.thoughtSignature } : {}) };
  }
  return undefined;
}

export function readGeminiCandidate(body: Record<string, unknown>): GeminiCandidateView {
  const candidate = record(Array.isArray(body.candidates) ? body.candidates[0] : undefined);
  const content = record(candidate?.content);
  const parts = (Array.isArray(content?.parts) ? content.parts : []).map(partOf).filter((p): p is GeminiPart => p !== undefined);
  const ratings = Array.isArray(candidate?.safetyRatings) ? candidate.safetyRatings : [];
  const blockReason = record(body.promptFeedback)?.blockReason;
  return {
    ...(typeof body.responseId === 'string' ? { responseId: body.responseId } : {}),
    parts,
    ...(typeof candidate?.finishReason === 'string' ? { finishReason: candidate.finishReason } : {}),
    safetyBlocked: ratings.some((rating) => record(rating)?.blocked === true),
    ...(typeof blockReason === 'string' ? { blockReason } : {}),
  };
}

/** A call id: Gemini's own when it sends one, else one made from the response id and the call's position. */
export function geminiCallId(view: GeminiCandidateView, part: { id?: string }, position: number): string {
  return part.id ?? `call_${view.responseId ?? 'gemini'}_${position}`;
}
