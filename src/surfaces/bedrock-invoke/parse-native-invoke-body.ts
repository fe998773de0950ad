/**
 * InvokeModel bodies are model-native: the model's `nativeFormat` picks the codec of its family (Nova, Anthropic,
 * Llama, Mistral).
 * A model without a native format in the catalog cannot be invoked natively (Converse works for every model).
 * Nothing is guessed: an unknown family or an invalid body is a ValidationException.
 */
import { isEmbeddingNativeFormat, type Catalog, type ChatNativeFormat, type InferenceProfile } from '../../catalog/catalog-types.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import { parseJsonObject } from '../../server/read-request-body.js';
import type { NativeInvokeBody } from './native-invoke-codec.js';
import { nativeInvokeCodecs } from './native-invoke-codecs.js';

export type { NativeInvokeBody } from './native-invoke-codec.js';

/** The body read by its family's codec, and that family (which picks the surface that converts it). */
export function parseNativeInvokeBody(catalog: Catalog, profile: InferenceProfile, raw: Uint8Array): NativeInvokeBody & { family: ChatNativeFormat } {
  const family = catalog.models.get(profile.modelId)?.nativeFormat;
  if (family === undefined) {
    throw new GeorouteError(
      'unsupported_operation',
      `InvokeModel is not supported for model "${profile.modelId}": this gateway knows no model-native request format for it. Use Converse instead.`,
    );
  }
  if (isEmbeddingNativeFormat(family)) {
    throw new GeorouteError('invalid_request', `${profile.id} is an embedding model: InvokeModel takes its embedding body, and it cannot stream or count tokens.`);
  }
  return { ...nativeInvokeCodecs[family].parse(parseJsonObject(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength))), family };
}
