/**
 * Amazon Nova's InvokeModel body: the messages / system / inferenceConfig / toolConfig shape of Converse. Its
 * canonical converters go through Converse (`nova/convert-nova-request-to-converse.ts` and back), since Nova's body,
 * answer and chunks are Converse's shapes renamed.
 */
import { estimateInputTokens } from '../estimate-input-tokens.js';
import type { SurfaceRenderContext, SurfaceStreamRenderer } from '../../inference/inbound-surface-contract.js';
import type { InferenceStreamPart } from '../../inference/inference-stream-part.js';
import type { WireEvent } from '../../inference/wire-format.js';
import { converseSettingName } from '../bedrock-converse/converse-setting-names.js';
import { readConverseStreamEvent } from '../bedrock-converse/converse-response-schema.js';
import { ConverseStreamRenderer } from '../bedrock-converse/converse-stream-renderer.js';
import { convertConverseRequestToInference } from '../bedrock-converse/convert-converse-request-to-inference.js';
import { convertInferenceResultToConverse } from '../bedrock-converse/convert-inference-result-to-converse.js';
import { parseNovaRequest } from './nova/nova-native-schema.js';
import { convertConverseResponseToNova } from './nova/convert-converse-response-to-nova.js';
import { ConverseStreamToNovaChunks } from './nova/convert-converse-stream-to-nova-chunks.js';
import { convertNovaRequestToConverse } from './nova/convert-nova-request-to-converse.js';
import type { NativeInvokeCodec } from './native-invoke-codec.js';

function chunksOf(converse: ReadonlyArray<WireEvent<'bedrock-converse'>>, nova: ConverseStreamToNovaChunks): WireEvent<'bedrock-invoke'>[] {
  return converse.flatMap((event) => {
    const read = readConverseStreamEvent(event.eventType, event.body);
    return read === undefined ? [] : nova.push(read).map((chunk) => ({ format: 'bedrock-invoke' as const, chunk: new Uint8Array(Buffer.from(JSON.stringify(chunk), 'utf8')) }));
  });
}

function novaChunkRenderer(context: SurfaceRenderContext): SurfaceStreamRenderer<'bedrock-invoke'> {
  const converse = new ConverseStreamRenderer(context);
  const nova = new ConverseStreamToNovaChunks();
  return {
    push: (part: InferenceStreamPart) => chunksOf(converse.push(part), nova),
    finish: () => chunksOf(converse.finish(), nova),
  };
}

export const novaInvokeCodec: NativeInvokeCodec = {
  family: 'nova',
  parse(body) {
    const nova = parseNovaRequest(body);
    return {
      estimatedInputTokens: estimateInputTokens({ format: 'bedrock-invoke', body: nova }),
      maxOutputTokens: nova.inferenceConfig?.maxTokens ?? nova.inferenceConfig?.max_new_tokens,
    };
  },
  toInference: (body) => convertConverseRequestToInference(convertNovaRequestToConverse(parseNovaRequest(body))),
  renderResult: (result, context) => ({ ...convertConverseResponseToNova(convertInferenceResultToConverse(result, context.latencyMs())) }),
  createChunkRenderer: novaChunkRenderer,
  settingName: converseSettingName,
};
