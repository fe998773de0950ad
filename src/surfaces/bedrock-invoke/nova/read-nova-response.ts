/**
 * Checks a Nova model's native InvokeModel answer (a whole response, or one decoded chunk of its stream) has the
 * shape the Nova converters need, and types it: the Converse message and stream-event shapes, with Nova's own
 * usage names (`cache*InputTokenCount`) and Bedrock's invocation metrics. A malformed response is
 * `upstream_rejected`; a malformed chunk ends the stream as `stream_interrupted`.
 */
import { z } from 'zod';
import { parseStreamEventJson, readUpstreamBody, readUpstreamStreamEvent } from '../../../server/read-upstream-body.js';
import { messageSchema } from '../../bedrock-converse/converse-content-block-schema.js';
import { converseStreamEventBodies } from '../../bedrock-converse/converse-response-schema.js';
import type { NovaResponse, NovaStreamChunk } from './nova-native-types.js';

const count = z.number().int().min(0);

const novaUsageSchema = z
  .object({
    inputTokens: count,
    outputTokens: count,
    totalTokens: count.optional(),
    cacheReadInputTokenCount: count.optional(),
    cacheWriteInputTokenCount: count.optional(),
  })
  .passthrough();

const novaResponseSchema = z
  .object({
    output: z.object({ message: messageSchema }).passthrough(),
    stopReason: z.string(),
    usage: novaUsageSchema,
  })
  .passthrough();

const converseBodies = converseStreamEventBodies;

const novaChunkSchema = z
  .object({
    messageStart: converseBodies.messageStart.optional(),
    contentBlockStart: converseBodies.contentBlockStart.optional(),
    contentBlockDelta: converseBodies.contentBlockDelta.optional(),
    contentBlockStop: converseBodies.contentBlockStop.optional(),
    messageStop: converseBodies.messageStop.optional(),
    metadata: z
      .object({ usage: novaUsageSchema, metrics: z.object({ latencyMs: z.number().optional() }).passthrough().optional() })
      .passthrough()
      .optional(),
    'amazon-bedrock-invocationMetrics': z
      .object({
        inputTokenCount: z.number(),
        outputTokenCount: z.number(),
        invocationLatency: z.number(),
        firstByteLatency: z.number().optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

export function readNovaResponse(body: unknown): NovaResponse {
  const response: NovaResponse = readUpstreamBody(novaResponseSchema, body, 'Nova response');
  return response;
}

/** One decoded InvokeModelWithResponseStream chunk of a Nova model (the JSON text inside `bytes`). */
export function readNovaStreamChunk(json: string): NovaStreamChunk {
  const chunk: NovaStreamChunk = readUpstreamStreamEvent(novaChunkSchema, parseStreamEventJson(json, 'stream chunk'), 'Nova stream chunk');
  return chunk;
}
