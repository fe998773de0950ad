/**
 * `POST /model/{modelId}/invoke` and `/invoke-with-response-stream` with a model-native body: Anthropic's
 * (`anthropic_version: bedrock-2023-05-31`) for a Claude model id (`anthropic.` or `<geo>.anthropic.`), Meta
 * Llama's (`{prompt, max_gen_len}`, `parse-llama-request.ts`) for a `meta.llama` id, Mistral's chat body
 * (`parse-mistral-request.ts`) for a `mistral.` id, Amazon Nova's for every other model id. Claude streams are
 * Anthropic's events, Nova's its ConverseStream events, Llama's and Mistral's their own chunks, one per chunk, the
 * last carrying `amazon-bedrock-invocationMetrics` as Bedrock sends it.
 */
import { performance } from 'node:perf_hooks';
import { encodeChunkFrame, eventStreamContentType } from './aws-event-stream-frames.js';
import { randomBytes } from 'node:crypto';
import { parseAnthropicMessagesRequest, type AnthropicSimRequest } from './parse-anthropic-messages-request.js';
import { parseBedrockMessagesRequest } from './parse-bedrock-messages-request.js';
import { renderAnthropicMessage, renderAnthropicStreamEvents } from './render-anthropic-message.js';
import type { PromptCacheSplit, SimPromptCache } from './sim-prompt-cache.js';
import { renderBedrockMessageBody, renderBedrockStreamEvents } from './render-bedrock-message.js';
import type { SimCompletion, SimPrompt } from './sim-completion.js';
import { parseJsonObject, writeJson } from './sim-http-io.js';
import type { PreparedSimRequest, SimExchange, SimOperation, SimResponseOutcome } from './sim-operation.js';
import { sleep, totalGenerationMs } from './token-pacer.js';
import { renderBedrockStreamException } from './render-stream-errors.js';
import { writePacedStream } from './write-paced-stream.js';
import { embeddingFamilyOfModelId, prepareEmbeddingInvoke } from './bedrock-embed-invoke-operation.js';
import { SimError } from './sim-error.js';
import { applyStructuredOutput } from './sim-structured-output.js';
import { isLlamaModelId, parseLlamaRequest } from './parse-llama-request.js';
import { renderLlamaResponse, renderLlamaStreamChunks } from './render-llama-response.js';
import { respondNativeInvoke, respondNativeInvokeStream, type NativeInvokeChunks } from './respond-native-invoke.js';
import { isMistralModelId, parseMistralRequest } from './parse-mistral-request.js';
import { renderMistralResponse, renderMistralStreamChunks } from './render-mistral-response.js';

function tokenCountHeaders(completion: SimCompletion): Record<string, string> {
  return {
    'x-amzn-bedrock-input-token-count': String(completion.inputTokens),
    'x-amzn-bedrock-output-token-count': String(completion.outputTokens),
  };
}

async function respondInvoke(exchange: SimExchange, completion: SimCompletion): Promise<SimResponseOutcome> {
  const { res } = exchange;
  res.setHeader('x-amzn-requestid', exchange.requestId);
  await sleep(totalGenerationMs(completion.outputTokens, exchange.pacing), exchange.signal);
  for (const [name, value] of Object.entries(tokenCountHeaders(completion))) res.setHeader(name, value);
  res.setHeader('x-amzn-bedrock-invocation-latency', String(Math.round(performance.now() - exchange.startedAt)));
  const tier = exchange.req.headers['x-amzn-bedrock-service-tier'];
  if (typeof tier === 'string') res.setHeader('x-amzn-bedrock-service-tier', tier);
  writeJson(res, 200, renderBedrockMessageBody(completion));
  return 'completed';
}

function respondInvokeStream(exchange: SimExchange, completion: SimCompletion): Promise<SimResponseOutcome> {
  const events = renderBedrockStreamEvents(completion);
  const chunk = (event: { type: string; body: unknown }) => encodeChunkFrame({ [event.type]: event.body });
  const usage = { inputTokens: completion.inputTokens, outputTokens: completion.outputTokens };
  // Bedrock appends its invocation metrics to the last chunk of every InvokeModelWithResponseStream, Nova's too.
  const withMetrics = (latencyMs: number) => (event: { type: string; body: unknown }) => event.type !== 'metadata' ? chunk(event) : encodeChunkFrame({
    [event.type]: event.body,
    'amazon-bedrock-invocationMetrics': { inputTokenCount: completion.inputTokens, outputTokenCount: completion.outputTokens, invocationLatency: latencyMs, firstByteLatency: exchange.pacing.timeToFirstTokenMs },
  });
  return writePacedStream(exchange, {
    contentType: eventStreamContentType,
    headers: { 'x-amzn-requestid': exchange.requestId, 'x-amzn-bedrock-content-type': 'application/json' },
    head: events.head.map(chunk),
    content: events.content.map(chunk),
    tail: (latencyMs) => events.tail({ usage }).map(withMetrics(latencyMs)),
    failure: (kind) => [renderBedrockStreamException(kind)],
  });
}

/** `anthropic.claude-...`, `eu.anthropic.claude-...`, or an ARN ending in one. */
export function isAnthropicModelId(modelId: string | undefined): boolean {
  return modelId !== undefined && /(^|[./:])anthropic\./.test(modelId);
}

function cacheHeaders(cache: PromptCacheSplit): Record<string, string> {
  return {
    'x-amzn-bedrock-cache-read-input-token-count': String(cache.cacheReadInputTokens),
    'x-amzn-bedrock-cache-write-input-token-count': String(cache.cacheWriteInputTokens),
  };
}

async function respondAnthropicInvoke(exchange: SimExchange, completion: SimCompletion, request: AnthropicSimRequest, cache: SimPromptCache): Promise<SimResponseOutcome> {
  const { res } = exchange;
  const split = cache.split(completion.inputTokens, request.cachePrefixTexts);
  res.setHeader('x-amzn-requestid', exchange.requestId);
  await sleep(totalGenerationMs(completion.outputTokens, exchange.pacing), exchange.signal);
  res.setHeader('x-amzn-bedrock-input-token-count', String(split.inputTokens));
  res.setHeader('x-amzn-bedrock-output-token-count', String(completion.outputTokens));
  for (const [name, value] of Object.entries(cacheHeaders(split))) res.setHeader(name, value);
  res.setHeader('x-amzn-bedrock-invocation-latency', String(Math.round(performance.now() - exchange.startedAt)));
  writeJson(res, 200, renderAnthropicMessage({ id: `msg_bdrk_${randomBytes(12).toString('hex')}`, model: request.model }, completion, split));
  return 'completed';
}

function respondAnthropicInvokeStream(exchange: SimExchange, completion: SimCompletion, request: AnthropicSimRequest, cache: SimPromptCache): Promise<SimResponseOutcome> {
  const split = cache.split(completion.inputTokens, request.cachePrefixTexts);
  const events = renderAnthropicStreamEvents({ id: `msg_bdrk_${randomBytes(12).toString('hex')}`, model: request.model }, completion, split);
  const firstByteAt = exchange.pacing.timeToFirstTokenMs;
  return writePacedStream(exchange, {
    contentType: eventStreamContentType,
    headers: { 'x-amzn-requestid': exchange.requestId, 'x-amzn-bedrock-content-type': 'application/json' },
    head: events.head.map(encodeChunkFrame),
    content: events.content.map((group) => Buffer.concat(group.map(encodeChunkFrame))),
    tail: (latencyMs) => events.tail.map((event) => encodeChunkFrame(event.type !== 'message_stop' ? event : {
      ...event,
      'amazon-bedrock-invocationMetrics': {
        inputTokenCount: split.inputTokens,
        outputTokenCount: completion.outputTokens,
        invocationLatency: latencyMs,
        firstByteLatency: firstByteAt,
        cacheReadInputTokenCount: split.cacheReadInputTokens,
        cacheWriteInputTokenCount: split.cacheWriteInputTokens,
      },
    })),
    failure: (kind) => [renderBedrockStreamException(kind)],
  });
}

/** A family whose body carries no usage (Llama, Mistral): token counts in the headers, metrics on the last chunk. */
function nativeInvoke(prompt: SimPrompt, stream: boolean, render: (completion: SimCompletion) => unknown, renderChunks: (completion: SimCompletion) => NativeInvokeChunks): PreparedSimRequest {
  return {
    prompt,
    stream,
    respond: (exchange, completion) => (stream ? respondNativeInvokeStream(exchange, completion, renderChunks(completion)) : respondNativeInvoke(exchange, completion, render(completion))),
  };
}

function prepareInvoke(body: Uint8Array, context: Parameters<SimOperation['prepare']>[1], stream: boolean): PreparedSimRequest {
  const json = parseJsonObject(body);
  const embedding = embeddingFamilyOfModelId(context.modelId);
  if (embedding !== undefined) {
    if (stream) throw new SimError('invalid_request', 'The model does not support streaming.');
    return prepareEmbeddingInvoke(json, embedding, context.modelId);
  }
  if (isAnthropicModelId(context.modelId)) {
    const request = parseAnthropicMessagesRequest(json, 'bedrock', context.modelId);
    const respond = stream ? respondAnthropicInvokeStream : respondAnthropicInvoke;
    return { prompt: request.prompt, stream, respond: (exchange, completion) => respond(exchange, applyStructuredOutput(completion, request.responseSchema), request, context.promptCache) };
  }
  if (isLlamaModelId(context.modelId)) return nativeInvoke(parseLlamaRequest(json, context.defaultMaxTokens), stream, renderLlamaResponse, renderLlamaStreamChunks);
  if (isMistralModelId(context.modelId)) return nativeInvoke(parseMistralRequest(json, context.defaultMaxTokens), stream, renderMistralResponse, renderMistralStreamChunks);
  const prompt = parseBedrockMessagesRequest(json, context.defaultMaxTokens);
  return { prompt, stream, respond: stream ? respondInvokeStream : respondInvoke };
}

export const bedrockInvokeOperation: SimOperation = {
  name: 'invoke',
  protocol: 'bedrock',
  prepare: (body, context) => prepareInvoke(body, context, false),
};

export const bedrockInvokeStreamOperation: SimOperation = {
  name: 'invoke-with-response-stream',
  protocol: 'bedrock',
  prepare: (body, context) => prepareInvoke(body, context, true),
};
