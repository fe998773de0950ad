/** OpenAI chat `logprobs.content` -> canonical token log probabilities (tolerant: anything else is none). */
import type { InferenceTokenLogprob } from '../../inference/inference-result.js';

interface ChatTokenLogprob {
  token: string;
  logprob: number;
  bytes?: number[] | null;
  top_logprobs?: Array<{ token: string; logprob: number; bytes?: number[] | null }>;
}

function isTokenLogprob(value: unknown): value is ChatTokenLogprob {
  return typeof value === 'object' && value !== null && typeof (value as ChatTokenLogprob).token === 'string' && typeof (value as ChatTokenLogprob).logprob === 'number';
}

export function mapOpenAiChatLogprobs(logprobs: unknown): InferenceTokenLogprob[] | undefined {
  const content = typeof logprobs === 'object' && logprobs !== null ? (logprobs as { content?: unknown }).content : undefined;
  if (!Array.isArray(content)) return undefined;
  return content.filter(isTokenLogprob).map((t) => ({
    token: t.token,
    logprob: t.logprob,
    ...(Array.isArray(t.bytes) ? { bytes: t.bytes } : {}),
    topLogprobs: (t.top_logprobs ?? []).map((alt) => ({ token: alt.token, logprob: alt.logprob, ...(Array.isArray(alt.bytes) ? { bytes: alt.bytes } : {}) })),
  }));
}
