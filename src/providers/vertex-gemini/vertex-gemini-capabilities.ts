/**
 * What a Vertex AI Gemini deployment honours when a request reaches it converted from another surface: what
 * `generateContent` can say (`convert-to-gemini-contents.ts`). Content: images and documents inline or at a URL
 * (`fileData`); cache points as a hint: Gemini's implicit caching caches prompt prefixes on its own, with no markers,
 * and reports them as `cachedContentTokenCount` (`read-gemini-usage.ts`), so the answer and the accounting are the
 * same. Not honoured: logprobs in OpenAI's shape, parallel-tool-call control, service tiers, an end-user id, media in
 * S3 or in tool results (a `functionResponse` is JSON), reasoning history (Gemini's thought signatures are not
 * Anthropic's or Bedrock's; the converter writes none) and other families' provider options.
 */
import type { DeploymentCapabilities } from '../../inference/deployment-capabilities.js';

export const vertexGeminiCapabilities: DeploymentCapabilities = {
  honours: new Set([
    'temperature',
    'topP',
    'topK',
    'stopSequences',
    'seed',
    'choiceCount',
    'responseFormat',
    'reasoning',
    'metadata',
    'tools',
    'toolChoice',
    'images',
    'documents',
    'mediaUrls',
    'cachePoints',
  ]),
};
