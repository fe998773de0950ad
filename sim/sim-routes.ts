/** Which handler a method and path go to. The operation table is the one place operations are registered. */
import { bedrockConverseOperation, bedrockConverseStreamOperation } from './bedrock-converse-operation.js';
import { bedrockInvokeOperation, bedrockInvokeStreamOperation } from './bedrock-invoke-operation.js';
import { anthropicCountTokensOperation, anthropicMessagesOperation } from './anthropic-messages-operation.js';
import { openAiChatOperation } from './openai-chat-operation.js';
import { azureOpenAiChatOperation } from './azure-openai-operation.js';
import { geminiGenerateContentOperation, geminiStreamGenerateContentOperation } from './gemini-generate-content-operation.js';
import { openAiResponsesOperation } from './openai-responses-operation.js';
import { openAiEmbeddingsOperation } from './openai-embeddings-operation.js';
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
  | { kind: 'google-token' }
  | { kind: 'inference'; operation: SimOperation; modelId?: string }
  | { kind: 'method-not-allowed'; protocol: SimProtocol; allowed: string }
  | { kind: 'unknown'; protocol: SimProtocol };

export function resolveSimRoute(method: string, rawUrl: string): SimRoute {
  const path = rawUrl.split('?')[0] ?? '/';
  if (path === '/_sim' || path.startsWith('/_sim/')) return { kind: 'admin', path };
  if (path === '/v1/models') {
    return method === 'GET' ? { kind: 'models' } : { kind: 'method-not-allowed', protocol: 'openai', allowed: 'GET' };
  }
  const openAi = path === '/v1/chat/completions' ? openAiChatOperation : path === '/v1/responses' ? openAiResponsesOperation : undefined;
  if (openAi !== undefined) {
    return method === 'POST' ? { kind: 'inference', operation: openAi } : { kind: 'method-not-allowed', protocol: 'openai', allowed: 'POST' };
  }
  const azure = azureRoute(path);
  if (azure !== undefined) {
    return method === 'POST' ? { kind: 'inference', operation: azureOpenAiChatOperation, ...azure } : { kind: 'method-not-allowed', protocol: 'azure', allowed: 'POST' };
  }
  if (path === '/oauth2/token') return method === 'POST' ? { kind: 'google-token' } : { kind: 'method-not-allowed', protocol: 'gemini', allowed: 'POST' };
  const gemini = /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/publishers\/google\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path);
  if (gemini !== null) {
    if (method !== 'POST') return { kind: 'method-not-allowed', protocol: 'gemini', allowed: 'POST' };
    const operation = gemini[2] === 'generateContent' ? geminiGenerateContentOperation : geminiStreamGenerateContentOperation;
    return { kind: 'inference', operation, modelId: safeDecode(gemini[1]) };
  }
  if (path === '/v1/embeddings') {
    return method === 'POST'
      ? { kind: 'inference', operation: openAiEmbeddingsOperation }
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
  const protocol = path.startsWith('/model/') ? 'bedrock' : path.startsWith('/openai/') ? 'azure' : path.startsWith('/v1/projects/') ? 'gemini' : 'openai';
  return { kind: 'unknown', protocol };
}

/** Azure OpenAI's two URL styles: the deployment in the path (`modelId`), or (v1) in the body. */
function azureRoute(path: string): { modelId?: string } | undefined {
  if (path === '/openai/v1/chat/completions') return {};
  const match = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(path);
  return match === null ? undefined : { modelId: safeDecode(match[1]) };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
