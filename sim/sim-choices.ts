/**
 * OpenAI `n`: several alternative answers to one prompt. Choice 0 is the prompt's usual completion; choice i is the
 * completion of the same prompt with a marker added to its seed, so the alternatives differ and stay deterministic.
 * Usage counts the prompt once and the output of every choice, as OpenAI bills it.
 */
import { completePrompt, type SimCompletion, type SimPrompt } from './sim-completion.js';

export function alternativeCompletions(prompt: SimPrompt, count: number): SimCompletion[] {
  return Array.from({ length: Math.max(0, count - 1) }, (_, i) => completePrompt({ ...prompt, texts: [...prompt.texts, `#choice-${i + 1}`] }));
}

/** The first choice's completion, with the output tokens of all choices (what usage and pacing count). */
export function completionWithAlternatives(first: SimCompletion, alternatives: readonly SimCompletion[]): SimCompletion {
  return { ...first, outputTokens: alternatives.reduce((sum, c) => sum + c.outputTokens, first.outputTokens) };
}
