/** Canonical embedding setting names as the OpenAI embeddings wire calls them, for errors that name a setting. */
import type { EmbeddingSettingName } from '../../inference/inference-embedding-request.js';

const NAMES: Readonly<Record<EmbeddingSettingName, string>> = {
  dimensions: 'dimensions',
  normalize: 'normalize',
  embeddingTypes: 'encoding_format',
  purpose: 'input_type',
  truncate: 'truncate',
  user: 'user',
  serviceTier: 'service_tier',
  tokenInputs: 'input',
  multipleInputs: 'input',
};

export function openAiEmbeddingsSettingName(setting: EmbeddingSettingName): string {
  return NAMES[setting];
}
