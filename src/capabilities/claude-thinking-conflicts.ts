/**
 * What Claude refuses beside extended thinking, on Anthropic and on Bedrock alike: a tool choice that forces a tool
 * (`required`, or one named tool), a temperature other than 1, any top-k, and a top-p below 0.95. The real APIs
 * answer such a request with a 400, so a Claude deployment refuses it (`refuses`) and routing looks for another
 * candidate, or answers the caller's 400 naming the setting. Without reasoning, or with it disabled, nothing is
 * refused. Pure.
 */
import type { InferenceRequest } from '../inference/inference-request.js';
import type { InferenceSettingName } from '../inference/inference-settings.js';

const NONE: readonly InferenceSettingName[] = [];
/** The lowest top-p Claude takes while thinking. */
const THINKING_MIN_TOP_P = 0.95;

export function claudeThinkingConflicts(request: InferenceRequest): readonly InferenceSettingName[] {
  const { settings } = request;
  if (settings.reasoning?.type !== 'enabled') return NONE;
  const conflicts: InferenceSettingName[] = [];
  const choice = request.toolChoice?.type;
  if (choice === 'required' || choice === 'tool') conflicts.push('toolChoice');
  if (settings.temperature !== undefined && settings.temperature !== 1) conflicts.push('temperature');
  if (settings.topK !== undefined) conflicts.push('topK');
  if (settings.topP !== undefined && settings.topP < THINKING_MIN_TOP_P) conflicts.push('topP');
  return conflicts.length === 0 ? NONE : conflicts;
}
