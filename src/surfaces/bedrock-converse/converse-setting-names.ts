/** Canonical setting names as the Converse wire calls them, for errors that name a setting. */
import type { InferenceSettingName } from '../../inference/inference-settings.js';

const NAMES: Readonly<Partial<Record<InferenceSettingName, string>>> = {
  temperature: 'inferenceConfig.temperature',
  topP: 'inferenceConfig.topP',
  stopSequences: 'inferenceConfig.stopSequences',
  metadata: 'requestMetadata',
  serviceTier: 'serviceTier',
  responseFormat: 'outputConfig.textFormat',
  reasoning: 'outputConfig.effort',
  tools: 'toolConfig.tools',
  toolChoice: 'toolConfig.toolChoice',
  images: 'image',
  documents: 'document',
  s3Media: 's3Location',
  toolResultMedia: 'toolResult.content',
  reasoningContent: 'reasoningContent',
  cachePoints: 'cachePoint',
  'providerOptions.bedrock.outputConfigEffort': 'outputConfig.effort',
};

const BEDROCK_OPTIONS = 'providerOptions.bedrock.';

/** A Bedrock-only member keeps its whole path (`document.source.content`); another namespace's member its last name. */
export function converseSettingName(setting: InferenceSettingName): string {
  const named = NAMES[setting];
  if (named !== undefined) return named;
  if (setting.startsWith(BEDROCK_OPTIONS)) return setting.slice(BEDROCK_OPTIONS.length);
  return setting.split('.').pop() ?? setting;
}
