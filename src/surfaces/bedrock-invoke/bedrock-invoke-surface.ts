/**
 * The `bedrock-invoke` inbound surfaces: InvokeModel / InvokeModelWithResponseStream bodies <-> the canonical
 * model, one per model family, since the body's shape is the model's (`Model.nativeFormat`): the handler picks
 * `bedrockInvokeSurfaces[family]`. The body is bytes (parsed here as a JSON object), the answer the family's JSON
 * as bytes, the stream one chunk per event; errors are Bedrock's. The model id and operation come from the path.
 */
import type { ChatNativeFormat } from '../../catalog/catalog-types.js';
import type { InboundSurface, SurfaceStreamRenderer } from '../../inference/inbound-surface-contract.js';
import { parseJsonObject } from '../../server/read-request-body.js';
import { renderBedrockError } from '../bedrock-runtime/send-bedrock-error.js';
import type { NativeInvokeCodec } from './native-invoke-codec.js';
import { nativeInvokeCodecs } from './native-invoke-codecs.js';
import { INVOKE_OPTION_NAMES } from './read-bedrock-invoke-options.js';

function bytesOf(body: Record<string, unknown>): Uint8Array {
  return new Uint8Array(Buffer.from(JSON.stringify(body), 'utf8'));
}

export function createBedrockInvokeSurface(codec: NativeInvokeCodec): InboundSurface<'bedrock-invoke'> {
  return {
    specificationVersion: 'georoute-inference-v1',
    name: 'bedrock-invoke',
    wireFormat: 'bedrock-invoke',
    parseRequest(body, context) {
      const request = codec.toInference(parseJsonObject(Buffer.from(body.buffer, body.byteOffset, body.byteLength)));
      return { modelId: context.pathModelId ?? '', stream: context.pathStream ?? false, request };
    },
    renderResult: (result, context) => bytesOf(codec.renderResult(result, context)),
    createStreamRenderer: (context): SurfaceStreamRenderer<'bedrock-invoke'> => codec.createChunkRenderer(context),
    settingName: (setting) => INVOKE_OPTION_NAMES[setting] ?? codec.settingName(setting),
    renderError: (error) => renderBedrockError(error),
  };
}

/** One surface per InvokeModel body family, keyed like the codecs. */
export const bedrockInvokeSurfaces: Readonly<Record<ChatNativeFormat, InboundSurface<'bedrock-invoke'>>> = {
  nova: createBedrockInvokeSurface(nativeInvokeCodecs.nova),
  anthropic: createBedrockInvokeSurface(nativeInvokeCodecs.anthropic),
  llama: createBedrockInvokeSurface(nativeInvokeCodecs.llama),
  mistral: createBedrockInvokeSurface(nativeInvokeCodecs.mistral),
};
