/**
 * What an Anthropic deployment honours when a request reaches it converted to the Messages API (from another
 * surface): what the Messages wire can say (`convert-to-anthropic-messages-request.ts`), the end user as
 * `metadata.user_id`, and the Anthropic-only members of an Anthropic request (server tools, betas). Content: images
 * and documents inline or at a URL, also in tool results; reasoning history (`thinking` with its signature,
 * `redacted_thinking`); cache points as `cache_control`. Not in it: seed, logprobs, several choices, string
 * metadata, structured output as a response format, media in S3, Bedrock options.
 */
import type { DeploymentCapabilities } from '../../inference/deployment-capabilities.js';

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
  ]),
};
