/** Canonical setting names as a Mistral chat InvokeModel body calls them, for errors that name a setting. */
import type { InferenceSettingName } from '../../../inference/inference-settings.js';
import { MISTRAL_NAMESPACE } from './convert-mistral-request-to-inference.js';

const NAMES: Readonly<Partial<Record<InferenceSettingName, string>>> = {
  topP: 'top_p',
  temperature: 'temperature',
  tools: 'tools',
  toolChoice: 'tool_choice',
  images: 'image_url',
  mediaUrls: 'image_url',
};
const MISTRAL_OPTIONS = `providerOptions.${MISTRAL_NAMESPACE}.`;

/** `providerOptions.mistral.safe_prompt` -> `safe_prompt`; any other name its last segment. */
export function mistralSettingName(setting: InferenceSettingName): string {
  const named = NAMES[setting];
  if (named !== undefined) return named;
  if (setting.startsWith(MISTRAL_OPTIONS)) return setting.slice(MISTRAL_OPTIONS.length);
  return setting.split('.').pop() ?? setting;
}
