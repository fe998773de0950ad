/**
 * What a canonical embedding request asks for that a deployment might not honour: every setting it sets (a
 * `float`-only vector format and `normalize: true`, what every wire does by default, ask nothing), token-id inputs,
 * and more than one input.
 */
import type { EmbeddingRequest, EmbeddingSettingName, EmbeddingSettings } from '../inference/inference-embedding-request.js';

export function listRequestedEmbeddingSettings(request: EmbeddingRequest): EmbeddingSettingName[] {
  const names: EmbeddingSettingName[] = [];
  for (const key of Object.keys(request.settings) as Array<keyof EmbeddingSettings>) {
    if (request.settings[key] === undefined) continue;
    if (key === 'embeddingTypes' && request.settings.embeddingTypes?.every((type) => type === 'float')) continue;
    if (key === 'normalize' && request.settings.normalize === true) continue;
    names.push(key);
  }
  if (request.inputs.some((input) => input.type === 'tokens')) names.push('tokenInputs');
  if (request.inputs.length > 1) names.push('multipleInputs');
  return names;
}

/** The settings a deployment that honours `honours` would have to drop (empty: it can serve the request). */
export function findUnhonouredEmbeddingSettings(requested: readonly EmbeddingSettingName[], honours: ReadonlySet<EmbeddingSettingName>, droppable: ReadonlySet<string>): EmbeddingSettingName[] {
  return requested.filter((name) => !honours.has(name) && !droppable.has(name));
}
