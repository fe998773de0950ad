/** Canonical setting names as a Llama InvokeModel body calls them, for errors that name a setting. */
import type { InferenceSettingName } from '../../../inference/inference-settings.js';
import { LLAMA_NAMESPACE } from './convert-llama-request-to-inference.js';

const NAMES: Readonly<Partial<Record<InferenceSettingName, string>>> = { topP: 'top_p', temperature: 'temperature' };
const LLAMA_OPTIONS = `providerOptions.${LLAMA_NAMESPACE}.`;

/** `providerOptions.llama.images` -> `images`; any other name its last segment. */
export function llamaSettingName(setting: InferenceSettingName): string {
  const named = NAMES[setting];
  if (named !== undefined) return named;
  if (setting.startsWith(LLAMA_OPTIONS)) return setting.slice(LLAMA_OPTIONS.length);
  return setting.split('.').pop() ?? setting;
}
