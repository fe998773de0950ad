/**
 * What an Anthropic deployment honours when a request reaches it converted to the Messages API (from another
 * surface): what the Messages wire can say (`convert-to-anthropic-messages-request.ts`), the end user as
 * `metadata.user_id`, and the Anthropic-only members of an Anthropic request (server tools, betas). Content: images
 * and documents inline or at a URL, also in tool results; reasoning history (`thinking` with its signature,
 * `redacted_thinking`), but not reasoning without its signature (Anthropic rejects thinking it cannot verify, so a
 * request carrying it, say an OpenAI chat `reasoning_content`, is refused and goes elsewhere); cache points as
 * `cache_control`; structured output as `output_config.format` (a JSON schema; JSON mode without one is refused, so
 * such a request goes to another candidate or is a 400 naming it); beside thinking, a forced tool choice, a
 * temperature other than 1, top-k or a top-p below 0.95 (`claude-thinking-conflicts.ts`), which Anthropic answers
 * with a 400.
 * Not in it: seed, logprobs, several choices, string metadata, media in S3, Bedrock options.
 */
import type { DeploymentCapabilities } from '../../inference/deployment-capabilities.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { InferenceSettingName } from '../../inference/inference-settings.js';
import { hasUnsignedReasoning } from '../../capabilities/has-unsigned-reasoning.js';
import { claudeThinkingConflicts } from '../../capabilities/claude-thinking-conflicts.js';
import { ANTHROPIC_MAX_TEMPERATURE, hasAnthropicServiceTier } from './convert-to-anthropic-messages-request.js';

/**
 * What the Messages wire cannot hold although it carries the setting (JSON mode without a schema, reasoning without
 * its signature, a temperature above 1, a service tier other than auto or default, no parallel tool calls beside
 * tool choice none), and what Claude refuses beside thinking.
 */
function refusesAnthropic(request: InferenceRequest): readonly InferenceSettingName[] {
  const { settings } = request;
  const refused: InferenceSettingName[] = [];
  if (settings.responseFormat?.type === 'json') refused.push('responseFormat');
  if (hasUnsignedReasoning(request)) refused.push('reasoningContent');
  if (settings.temperature !== undefined && settings.temperature > ANTHROPIC_MAX_TEMPERATURE) refused.push('temperature');
  if (settings.serviceTier !== undefined && !hasAnthropicServiceTier(settings.serviceTier)) refused.push('serviceTier');
  if (request.toolChoice?.type === 'none' && settings.parallelToolCalls === false) refused.push('parallelToolCalls');
  for (const name of claudeThinkingConflicts(request)) if (!refused.includes(name)) refused.push(name);
  return refused;
}

export const anthropicCapabilities: DeploymentCapabilities = {
  honours: new Set([
    'temperature',
    'topP',
    'topK',
    'stopSequences',
    'tools',
    'toolChoice',
    'parallelToolCalls',
    'reasoning',
    'responseFormat',
    'serviceTier',
    'user',
    'images',
    'documents',
    'mediaUrls',
    'toolResultMedia',
    'reasoningContent',
    'cachePoints',
    'providerOptions.anthropic.serverTools',
    'providerOptions.anthropic.anthropic_beta',
    'providerOptions.anthropic.output_config',
  ]),
  refuses: refusesAnthropic,
};
