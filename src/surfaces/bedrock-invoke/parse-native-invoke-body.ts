/**
 * InvokeModel bodies are model-native. This gateway knows one native family, Amazon Nova's messages body; a model
 * without a native format in the catalog cannot be invoked natively (Converse works for every model). Nothing is
 * guessed: an unknown family or an invalid body is a ValidationException.
 */
import type { Catalog, InferenceProfile } from '../../catalog/catalog-types.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import { parseJsonObject } from '../../server/read-request-body.js';
import { estimateInputTokens } from '../../translate/estimate-tokens.js';
import { parseNovaRequest } from './nova/nova-native-schema.js';

export interface NativeInvokeBody {
  estimatedInputTokens: number;
  /** The output limit the body asks for, if it says. */
  maxOutputTokens?: number;
}

export function parseNativeInvokeBody(catalog: Catalog, profile: InferenceProfile, raw: Uint8Array): NativeInvokeBody {
  const model = catalog.models.get(profile.modelId);
  if (model?.nativeFormat !== 'nova') {
    throw new GeorouteError(
      'unsupported_operation',
      `InvokeModel is not supported for model "${profile.modelId}": this gateway knows no model-native request format for it. Use Converse instead.`,
    );
  }
  const nova = parseNovaRequest(parseJsonObject(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)));
  return {
    estimatedInputTokens: estimateInputTokens({ format: 'bedrock-invoke', body: nova }),
    maxOutputTokens: nova.inferenceConfig?.maxTokens ?? nova.inferenceConfig?.max_new_tokens,
  };
}
