/** Canonical setting names as the OpenAI chat wire calls them, for errors that name a setting. */
import type { InferenceSettingName } from '../../inference/inference-settings.js';

const NAMES: Readonly<Partial<Record<InferenceSettingName, string>>> = {
  topP: 'top_p',
  topK: 'top_k',
  stopSequences: 'stop',
  choiceCount: 'n',
  parallelToolCalls: 'parallel_tool_calls',
  responseFormat: 'response_format',
  reasoning: 'reasoning_effort',
  serviceTier: 'service_tier',
  toolChoice: 'tool_choice',
  images: 'image_url',
  documents: 'file',
  mediaUrls: 'image_url.url',
  reasoningContent: 'reasoning_content',
  cachePoints: 'prompt_cache_breakpoint',
};

export function openAiChatSettingName(setting: InferenceSettingName): string {
  return NAMES[setting] ?? setting.split('.').pop() ?? setting;
}
