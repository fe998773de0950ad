/**
 * What a Vertex AI Gemini deployment honours when a request reaches it converted from another surface: what
 * `generateContent` can say. Not honoured: logprobs in OpenAI's shape, parallel-tool-call control, service tiers,
 * an end-user id, reasoning content replay (Gemini's thought signatures are not Anthropic's or Bedrock's), cache
 * points (Vertex caches through cachedContents resources, not checkpoints) and other families' provider options.
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
  ]),
};
