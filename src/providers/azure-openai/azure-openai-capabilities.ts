/**
 * What an Azure OpenAI deployment honours when a request reaches it converted from another surface: what the chat
 * completions wire can say. Not honoured: `service_tier` (Azure has deployment types instead), `metadata` (Azure
 * accepts it only with stored completions), documents, reasoning content replay, cache points (Azure caches on its
 * own, without checkpoints) and other families' provider options.
 */
import type { DeploymentCapabilities } from '../../inference/deployment-capabilities.js';

export const azureOpenAiCapabilities: DeploymentCapabilities = {
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
    'user',
    'tools',
    'toolChoice',
    'images',
  ]),
};
