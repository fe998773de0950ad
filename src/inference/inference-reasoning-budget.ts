/**
 * What a canonical reasoning effort means as a thinking budget, and back, for every converter whose wire asks for
 * the other one (`InferenceReasoning` carries whichever the caller gave): Anthropic's `thinking.budget_tokens`,
 * Claude on Bedrock (`additionalModelRequestFields.thinking`), Nova's effort from an Anthropic budget. One table,
 * so a request means the same budget on every provider that takes one. Pure.
 */
import type { InferenceReasoningEffort } from './inference-settings.js';

/** Thinking budgets (tokens) for an effort, for wires that take a budget. */
export const THINKING_BUDGET_FOR_EFFORT: Readonly<Record<InferenceReasoningEffort, number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 24576,
};

/** The effort a budget stands for: the highest whose budget it reaches. */
export function effortForBudget(budgetTokens: number): InferenceReasoningEffort {
  if (budgetTokens >= THINKING_BUDGET_FOR_EFFORT.high) return 'high';
  if (budgetTokens >= THINKING_BUDGET_FOR_EFFORT.medium) return 'medium';
  if (budgetTokens >= THINKING_BUDGET_FOR_EFFORT.low) return 'low';
  return 'minimal';
}
