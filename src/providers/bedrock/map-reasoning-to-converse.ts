/**
 * Canonical reasoning -> where a Converse request says it. Converse has no member of its own for a thinking
 * budget: each model family takes it in its native fields (`additionalModelRequestFields`): Anthropic models a
 * `thinking` budget, Nova a `reasoningConfig` effort. An effort becomes a budget for Anthropic (and a budget an
 * effort for Nova), by the shared table (`inference-reasoning-budget.ts`); a model of no known family gets
 * Converse's `outputConfig.effort`. Pure.
 */
import { effortForBudget, THINKING_BUDGET_FOR_EFFORT } from '../../inference/inference-reasoning-budget.js';
import type { InferenceReasoning, InferenceReasoningEffort } from '../../inference/inference-settings.js';

const NOVA_EFFORT: Readonly<Record<InferenceReasoningEffort, string>> = { minimal: 'low', low: 'low', medium: 'medium', high: 'high' };

export interface ConverseReasoningFields {
  /** Merged into `additionalModelRequestFields`. */
  modelFields?: Record<string, unknown>;
  /** Converse `outputConfig.effort`. */
  outputEffort?: string;
}

/** `rawEffort` is Converse's own word when the request came from Converse (`xhigh`, `max` have no canonical one). */
export function mapReasoningToConverse(reasoning: InferenceReasoning | undefined, family: string | undefined, rawEffort?: string): ConverseReasoningFields {
  if (reasoning === undefined) return {};
  if (reasoning.type === 'disabled') return family === 'anthropic' ? { modelFields: { thinking: { type: 'disabled' } } } : {};
  const effort = reasoning.effort ?? (reasoning.budgetTokens === undefined ? 'medium' : effortForBudget(reasoning.budgetTokens));
  if (family === 'anthropic') {
    return { modelFields: { thinking: { type: 'enabled', budget_tokens: reasoning.budgetTokens ?? THINKING_BUDGET_FOR_EFFORT[effort] } } };
  }
  if (family === 'nova') return { modelFields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: NOVA_EFFORT[effort] } } };
  return { outputEffort: rawEffort ?? effort };
}
