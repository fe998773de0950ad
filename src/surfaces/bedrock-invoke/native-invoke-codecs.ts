/** The InvokeModel body families by `nativeFormat`: a new family is a codec file and one line here. */
import type { ChatNativeFormat } from '../../catalog/catalog-types.js';
import { anthropicInvokeCodec } from './anthropic-invoke-codec.js';
import { llamaInvokeCodec } from './llama-invoke-codec.js';
import { mistralInvokeCodec } from './mistral-invoke-codec.js';
import type { NativeInvokeCodec } from './native-invoke-codec.js';
import { novaInvokeCodec } from './nova-invoke-codec.js';

export const nativeInvokeCodecs: Readonly<Record<ChatNativeFormat, NativeInvokeCodec>> = {
  nova: novaInvokeCodec,
  anthropic: anthropicInvokeCodec,
  llama: llamaInvokeCodec,
  mistral: mistralInvokeCodec,
};
