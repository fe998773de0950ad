/**
 * What an OpenAI-compatible deployment honours when a request reaches it converted to chat completions (from
 * another surface): everything the chat wire can say that the canonical request can carry
 * (`convert-to-openai-chat-request.ts`). Content: images inline (data URLs) or at a URL; reasoning history as
 * `reasoning_content`, the field reasoning servers (vLLM, DeepSeek) answer with, so they get their own history back,
 * and signatures and redacted reasoning (the issuing provider's opaque tokens) as `reasoning_details`, OpenRouter's
 * convention, which servers that do not know it ignore; cache
 * points as a hint: OpenAI and its compatible servers cache prompt prefixes on their own, with no markers, and report
 * the cached tokens in `usage.prompt_tokens_details.cached_tokens`, so the answer and the accounting are what the
 * checkpoint asks for. Documents: a PDF's bytes as a `file` part; other documents as bytes or at a URL are refused
 * (the chat wire's file part takes a PDF's bytes). Not honoured: media in S3, images or documents inside tool
 * results (tool messages are text), Bedrock-only provider options.
 * OpenAI chat members with no canonical setting (`providerOptions.openai`) go back into the body as they came.
 */
import type { DeploymentCapabilities } from '../../inference/deployment-capabilities.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { InferenceSettingName } from '../../inference/inference-settings.js';

const DOCUMENTS: readonly InferenceSettingName[] = ['documents'];
const NONE: readonly InferenceSettingName[] = [];

/** A document the file part cannot hold: bytes of anything but a PDF, or a document at a URL. */
function refusesDocuments(request: InferenceRequest): readonly InferenceSettingName[] {
  for (const message of request.messages) {
    if (message.role !== 'user') continue;
    for (const part of message.content) {
      if (part.type === 'document' && part.source.kind !== 'text' && (part.source.kind !== 'base64' || part.mediaType !== 'application/pdf')) return DOCUMENTS;
    }
  }
  return NONE;
}

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
    'images',
    'documents',
    'mediaUrls',
    'reasoningContent',
    'cachePoints',
  ]),
  honoursNamespaces: new Set(['providerOptions.openai']),
  refuses: refusesDocuments,
};
