/**
 * What an Azure OpenAI deployment honours when a request reaches it converted from another surface: what the chat
 * completions wire can say (`convert-to-azure-chat-messages.ts`). Content: images inline or at a URL; cache points as
 * a hint: Azure caches prompt prefixes on its own, without checkpoints, and reports the cached tokens in
 * `usage.prompt_tokens_details.cached_tokens` (`read-azure-usage.ts`), so the answer and the accounting are the same.
 * Not honoured: `service_tier` (Azure has deployment types instead), `metadata` (Azure accepts it only with stored
 * completions), documents as bytes, media in S3 or in tool results, reasoning history (the converter writes none)
 * and other families' provider options.
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
    'mediaUrls',
    'cachePoints',
  ]),
};
