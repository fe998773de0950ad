/** Which handler a method and path go to. The operation table is the one place operations are registered. */
import { bedrockConverseOperation, bedrockConverseStreamOperation } from './bedrock-converse-operation.js';
import { bedrockInvokeOperation, bedrockInvokeStreamOperation } from './bedrock-invoke-operation.js';
import { anthropicCountTokensOperation, anthropicMessagesOperation } from './anthropic-messages-operation.js';
import { openAiChatOperation } from './openai-chat-operation.js';
import type { SimOperation } from './sim-operation.js';
import type { SimProtocol } from './sim-protocol.js';

const bedrockOperations: Readonly<Record<string, SimOperation>> = {
  converse: bedrockConverseOperation,
  'converse-stream': bedrockConverseStreamOperation,
  invoke: bedrockInvokeOperation,
  'invoke-with-response-stream': bedrockInvokeStreamOperation,
};

export type SimRoute =
  | { kind: 'admin'; path: string }
  | { kind: 'models' }
  | { kind: 'inference'; operation: SimOperation; modelId?: string }
  | { kind: 'method-not-allowed'; protocol: SimProtocol; allowed: string }
  | { kind: 'unknown'; protocol: SimProtocol };

export function resolveSimRoute(method: string, rawUrl: string): SimRoute {
  const path = rawUrl.split('?')[0] ?? '/';
  if (path === '/_sim' || path.startsWith('/_sim/')) return { kind: 'admin', path };
  if (path === '/v1/models') {
    return method === 'GET' ? { kind: 'models' } : { kind: 'method-not-allowed', protocol: 'openai', allowed: 'GET' };
  }
  if (path === '/v1/chat/completions') {
    return method === 'POST'
      ? { kind: 'inference', operation: openAiChatOperation }
      : { kind: 'method-not-allowed', protocol: 'openai', allowed: 'POST' };
  }
  const anthropic = path === '/v1/messages' ? anthropicMessagesOperation : path === '/v1/messages/count_tokens' ? anthropicCountTokensOperation : undefined;
  if (anthropic !== undefined) {
    return method === 'POST' ? { kind: 'inference', operation: anthropic } : { kind: 'method-not-allowed', protocol: 'anthropic', allowed: 'POST' };
  }
  const bedrock = /^\/model\/(.+)\/([a-z-]+)$/.exec(path);
  const operation = bedrock === null ? undefined : bedrockOperations[bedrock[2]];
  if (bedrock !== null && operation !== undefined) {
    if (method !== 'POST') return { kind: 'method-not-allowed', protocol: 'bedrock', allowed: 'POST' };
    let modelId: string;
    try {
      modelId = decodeURIComponent(bedrock[1]);
    } catch {
      return { kind: 'unknown', protocol: 'bedrock' };
    }
    return { kind: 'inference', operation, modelId };
  }
  return { kind: 'unknown', protocol: path.startsWith('/model/') ? 'bedrock' : 'openai' };
}
