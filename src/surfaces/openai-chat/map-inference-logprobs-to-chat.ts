/** Canonical token log probabilities -> OpenAI chat `logprobs` (`{content: [...]}`). */
import type { InferenceTokenLogprob } from '../../inference/inference-result.js';

export function mapInferenceLogprobsToChat(tokens: readonly InferenceTokenLogprob[]): { content: unknown[] } {
  return {
    content: tokens.map((t) => ({
      token: t.token,
      logprob: t.logprob,
      bytes: t.bytes ?? null,
      top_logprobs: t.topLogprobs.map((alt) => ({ token: alt.token, logprob: alt.logprob, bytes: alt.bytes ?? null })),
    })),
  };
}
