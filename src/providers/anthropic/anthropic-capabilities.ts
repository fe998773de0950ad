/**
 * What an Anthropic deployment honours when a request reaches it converted to the Messages API (from another
 * surface): what the Messages wire can say. Not in it: seed, logprobs, several choices, an end-user id (only
 * `metadata.user_id`), structured output as a response format, Bedrock provider options.
 */
import type { DeploymentCapabilities } from '../../inference/deployment-capabilities.js';

export const anthropicCapabilities: DeploymentCapabilities = {
  honours: new Set(['temperature', 'topP', 'stopSequences', 'tools', 'toolChoice', 'parallelToolCalls', 'reasoning', 'serviceTier', 'metadata']),
};
