/**
 * What a canonical request asks for that a deployment might not honour: every generation setting it sets (the
 * output-token limit is enforced by the gateway and honoured everywhere), tools and a tool choice, and each member
 * of its provider options, and the content kinds a provider's wire may not carry (images, documents, media at a
 * URL or in S3, media in tool results, reasoning history, cache points: `list-requested-content.ts`). So a
 * deployment whose converter could not carry the content is no candidate, rather than a failed request; what a
 * converter still refuses is a value its wire cannot hold (an image type Converse has no format for).
 */
import type { InferenceRequest } from '../inference/inference-request.js';
import type { InferenceSettingName, InferenceSettings } from '../inference/inference-settings.js';
import { listRequestedContent } from './list-requested-content.js';

/** Settings whose presence alone does not ask anything of the upstream. */
function isNeutral(name: keyof InferenceSettings, request: InferenceRequest): boolean {
  const settings = request.settings;
  if (name === 'maxOutputTokens') return true;
  if (name === 'responseFormat') return settings.responseFormat?.type === 'text';
  if (name === 'reasoning') return settings.reasoning?.type === 'disabled';
  return false;
}

export function listRequestedSettings(request: InferenceRequest): InferenceSettingName[] {
  const names: InferenceSettingName[] = [];
  for (const key of Object.keys(request.settings) as Array<keyof InferenceSettings>) {
    if (request.settings[key] === undefined || isNeutral(key, request)) continue;
    if (key !== 'maxOutputTokens') names.push(key);
  }
  if (request.tools?.some((tool) => tool.type === 'function')) names.push('tools');
  if (request.toolChoice !== undefined && request.toolChoice.type !== 'auto') names.push('toolChoice');
  for (const [namespace, options] of Object.entries(request.providerOptions ?? {})) {
    for (const member of Object.keys(options)) names.push(`providerOptions.${namespace}.${member}`);
  }
  names.push(...listRequestedContent(request));
  return names;
}
