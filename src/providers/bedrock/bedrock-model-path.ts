/**
 * Bedrock Runtime paths as the AWS SDKs build them: the model id percent-encoded with `encodeURIComponent` plus
 * `!'()*` (Smithy's `extendedEncodeURIComponent`), so `eu.amazon.nova-2-lite-v1:0` becomes
 * `eu.amazon.nova-2-lite-v1%3A0` and an ARN's `/` becomes `%2F`. The signer then encodes that path once more.
 */

export type BedrockRuntimeOperation = 'converse' | 'converse-stream' | 'invoke' | 'invoke-with-response-stream';

export function encodeModelIdForPath(modelId: string): string {
  return encodeURIComponent(modelId).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function bedrockModelPath(basePath: string, modelId: string, operation: BedrockRuntimeOperation): string {
  return `${basePath}/model/${encodeModelIdForPath(modelId)}/${operation}`;
}

/** The public regional endpoint, used when a `bedrock` deployment names no endpoint. */
export function defaultBedrockEndpoint(regionId: string): string {
  return `https://bedrock-runtime.${regionId}.amazonaws.com`;
}
