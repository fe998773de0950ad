/**
 * What an OpenAI-compatible deployment honours when a request reaches it converted to chat completions (from
 * another surface): everything the chat wire can say that the canonical request can carry. Bedrock-only
 * provider options (guardrails, prompt variables, native model fields) have no equivalent and are refused.
 */
import type { DeploymentCapabilities } from '../../inference/deployment-capabilities.js';

export const openAiCompatibleCapabilities: DeploymentCapabilities = {
  honours: new Set([
    'temperature',
    'topP',
    'stopSequences',
    'seed',
    'choiceCount',
    'logprobs',
    'parallelToolCalls',
    'responseFormat',
    'reasoning',
    'serviceTier',
    'user',
    'metadata',
    'tools',
    'toolChoice',
  ]),
};
