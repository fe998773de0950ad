/** The InvokeModel body families of embedding models by `nativeFormat`: a new family is a codec file and one line here. */
import type { EmbeddingNativeFormat } from '../../catalog/catalog-types.js';
import { cohereEmbedInvokeCodec } from './cohere-embed-invoke-codec.js';
import type { EmbeddingInvokeCodec } from './embedding-invoke-codec.js';
import { titanEmbedInvokeCodec } from './titan-embed-invoke-codec.js';

export const embeddingInvokeCodecs: Readonly<Record<EmbeddingNativeFormat, EmbeddingInvokeCodec>> = {
  'titan-embed': titanEmbedInvokeCodec,
  'cohere-embed': cohereEmbedInvokeCodec,
};
