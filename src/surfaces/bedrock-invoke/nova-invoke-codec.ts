/** Amazon Nova's InvokeModel body: the messages / system / inferenceConfig / toolConfig shape of Converse. */
import { estimateInputTokens } from '../../translate/estimate-tokens.js';
import { parseNovaRequest } from '../../translate/nova-native-schema.js';
import type { NativeInvokeCodec } from './native-invoke-codec.js';

export const novaInvokeCodec: NativeInvokeCodec = {
  family: 'nova',
  parse(body) {
    const nova = parseNovaRequest(body);
    return {
      estimatedInputTokens: estimateInputTokens({ format: 'bedrock-invoke', body: nova }),
      maxOutputTokens: nova.inferenceConfig?.maxTokens ?? nova.inferenceConfig?.max_new_tokens,
    };
  },
};
