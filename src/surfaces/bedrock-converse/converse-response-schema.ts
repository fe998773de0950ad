/**
 * The Converse response and ConverseStream event shapes an upstream must send, checked tolerantly: only the
 * members the converters read are checked, everything else passes through. A response that does not fit is the
 * upstream's fault (`upstream_rejected`); a malformed event ends the stream (`stream_interrupted`). Unknown event
 * types are skipped, as the AWS SDKs skip them. Shared by the bedrock provider and the Nova codec.
 */
import { z } from 'zod';
import { readUpstreamBody, readUpstreamStreamEvent } from '../../server/read-upstream-body.js';
import { messageSchema } from './converse-content-block-schema.js';
import type { ConverseResponse, ConverseStreamEvent } from './converse-types.js';

const count = z.number().int().min(0);

export const converseUsageSchema = z
  .object({
    inputTokens: count,
    outputTokens: count,
    totalTokens: count,
    cacheReadInputTokens: count.optional(),
    cacheWriteInputTokens: count.optional(),
  })
  .passthrough();

const converseResponseSchema = z
  .object({
    output: z.object({ message: messageSchema }).passthrough(),
    stopReason: z.string(),
    usage: converseUsageSchema,
    metrics: z.object({ latencyMs: z.number().min(0) }).passthrough(),
    additionalModelResponseFields: z.record(z.unknown()).optional(),
  })
  .passthrough();

const blockIndex = z.number().int().min(0);
const toolUseStart = z.object({ toolUseId: z.string(), name: z.string() }).passthrough();
const delta = z
  .object({
    text: z.string().optional(),
    toolUse: z.object({ input: z.string() }).passthrough().optional(),
    reasoningContent: z
      .object({ text: z.string().optional(), signature: z.string().optional(), redactedContent: z.string().optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

export const converseStreamEventBodies = {
  messageStart: z.object({ role: z.enum(['user', 'assistant']) }).passthrough(),
  contentBlockStart: z
    .object({ contentBlockIndex: blockIndex, start: z.object({ toolUse: toolUseStart.optional() }).passthrough() })
    .passthrough(),
  contentBlockDelta: z.object({ contentBlockIndex: blockIndex, delta }).passthrough(),
  contentBlockStop: z.object({ contentBlockIndex: blockIndex }).passthrough(),
  messageStop: z.object({ stopReason: z.string() }).passthrough(),
  metadata: z
    .object({ usage: converseUsageSchema, metrics: z.object({ latencyMs: z.number().min(0) }).passthrough() })
    .passthrough(),
};

export function readConverseResponse(body: unknown): ConverseResponse {
  const response: ConverseResponse = readUpstreamBody(converseResponseSchema, body, 'Converse response');
  return response;
}

function readBody<S extends z.ZodTypeAny>(schema: S, body: unknown, eventType: string): z.output<S> {
  return readUpstreamStreamEvent(schema, body, `${eventType} event`);
}

/** One ConverseStream event by its `:event-type`; undefined for event types this gateway does not know. */
export function readConverseStreamEvent(eventType: string, body: unknown): ConverseStreamEvent | undefined {
  switch (eventType) {
    case 'messageStart':
      return { eventType, body: readBody(converseStreamEventBodies.messageStart, body, eventType) };
    case 'contentBlockStart':
      return { eventType, body: readBody(converseStreamEventBodies.contentBlockStart, body, eventType) };
    case 'contentBlockDelta':
      return { eventType, body: readBody(converseStreamEventBodies.contentBlockDelta, body, eventType) };
    case 'contentBlockStop':
      return { eventType, body: readBody(converseStreamEventBodies.contentBlockStop, body, eventType) };
    case 'messageStop':
      return { eventType, body: readBody(converseStreamEventBodies.messageStop, body, eventType) };
    case 'metadata':
      return { eventType, body: readBody(converseStreamEventBodies.metadata, body, eventType) };
    default:
      return undefined;
  }
}
