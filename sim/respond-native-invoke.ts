/**
 * Writes a model-native InvokeModel answer the way Bedrock does for the families whose body carries no usage of
 * its own (Llama, Mistral): token counts and latency in `x-amzn-bedrock-*` headers beside the JSON; and an
 * InvokeModelWithResponseStream of one `chunk` per content token, whose last chunk gets
 * `amazon-bedrock-invocationMetrics`.
 */
import { performance } from 'node:perf_hooks';
import { encodeChunkFrame, eventStreamContentType } from './aws-event-stream-frames.js';
import type { SimCompletion } from './sim-completion.js';
import { writeJson } from './sim-http-io.js';
import type { SimExchange, SimResponseOutcome } from './sim-operation.js';
import { sleep, totalGenerationMs } from './token-pacer.js';
import { renderBedrockStreamException } from './render-stream-errors.js';
import { writePacedStream } from './write-paced-stream.js';

export async function respondNativeInvoke(exchange: SimExchange, completion: SimCompletion, body: unknown): Promise<SimResponseOutcome> {
  const { res } = exchange;
  res.setHeader('x-amzn-requestid', exchange.requestId);
  await sleep(totalGenerationMs(completion.outputTokens, exchange.pacing), exchange.signal);
  res.setHeader('x-amzn-bedrock-input-token-count', String(completion.inputTokens));
  res.setHeader('x-amzn-bedrock-output-token-count', String(completion.outputTokens));
  res.setHeader('x-amzn-bedrock-invocation-latency', String(Math.round(performance.now() - exchange.startedAt)));
  writeJson(res, 200, body);
  return 'completed';
}

export interface NativeInvokeChunks {
  /** One per content token. */
  content: readonly Record<string, unknown>[];
  /** The closing chunk (stop reason), before the invocation metrics are added. */
  last: Record<string, unknown>;
}

export function respondNativeInvokeStream(exchange: SimExchange, completion: SimCompletion, chunks: NativeInvokeChunks): Promise<SimResponseOutcome> {
  return writePacedStream(exchange, {
    contentType: eventStreamContentType,
    headers: { 'x-amzn-requestid': exchange.requestId, 'x-amzn-bedrock-content-type': 'application/json' },
    head: [],
    content: chunks.content.map(encodeChunkFrame),
    tail: (latencyMs) => [encodeChunkFrame({
      ...chunks.last,
      'amazon-bedrock-invocationMetrics': {
        inputTokenCount: completion.inputTokens,
        outputTokenCount: completion.outputTokens,
        invocationLatency: latencyMs,
        firstByteLatency: exchange.pacing.timeToFirstTokenMs,
      },
    })],
    failure: (kind) => [renderBedrockStreamException(kind)],
  });
}
