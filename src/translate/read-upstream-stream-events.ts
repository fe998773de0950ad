/**
 * Checks and types one event of an upstream stream before a stream converter sees it. A malformed event, or an
 * error object sent inside an OpenAI stream, ends the stream as `stream_interrupted` (never a clean end).
 * Unknown ConverseStream event types are skipped (undefined), as the AWS SDKs skip them.
 */
import { z } from 'zod';
import { GeorouteError } from '../errors/error-catalog.js';
import type { ConverseStreamEvent } from '../surfaces/bedrock-converse/converse-types.js';
import type { NovaStreamChunk } from '../surfaces/bedrock-invoke/nova/nova-native-types.js';
import type { ChatCompletionChunk } from '../surfaces/openai-chat/openai-chat-types.js';
import { formatFieldPath } from './parse-wire-body.js';
import { chatFinishReasonSchema, chatUsageSchema, converseUsageSchema, novaUsageSchema } from './read-upstream-responses.js';

const finishReason = z.preprocess(
  (value) => (value === null || value === undefined || chatFinishReasonSchema.safeParse(value).success ? value : 'stop'),
  chatFinishReasonSchema.nullable().default(null),
);

const chatChunkSchema = z
  .object({
    id: z.string().default(''),
    object: z.literal('chat.completion.chunk').default('chat.completion.chunk'),
    created: z.number().default(0),
    model: z.string().default(''),
    choices: z
      .array(
        z
          .object({
            index: z.number().int().default(0),
            delta: z
              .object({
                role: z.literal('assistant').optional(),
                content: z.string().nullish(),
                refusal: z.string().nullish(),
                reasoning_content: z.string().nullish(),
                tool_calls: z
                  .array(
                    z
                      .object({
                        index: z.number().int().min(0),
                        id: z.string().optional(),
                        type: z.literal('function').optional(),
                        function: z
                          .object({ name: z.string().optional(), arguments: z.string().optional() })
                          .passthrough()
                          .optional(),
                      })
                      .passthrough(),
                  )
                  .nullish()
                  .transform((calls) => calls ?? undefined),
              })
              .passthrough()
              .default({}),
            finish_reason: finishReason,
          })
          .passthrough(),
      )
      .default([]),
    usage: chatUsageSchema.nullish(),
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

const converseBodies = {
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

function malformed(what: string, error: z.ZodError): GeorouteError {
  const issue = error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : ` at '${formatFieldPath(issue.path)}'`;
  return new GeorouteError('stream_interrupted', `The upstream sent a malformed ${what}${where}.`, { cause: error });
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new GeorouteError('stream_interrupted', `The upstream sent a ${what} that is not JSON.`, { cause });
  }
}

/** One `data:` line of an OpenAI SSE stream (not `[DONE]`). */
export function readChatCompletionChunk(data: string): ChatCompletionChunk {
  const json = parseJson(data, 'stream chunk');
  if (typeof json === 'object' && json !== null && 'error' in json) {
    const error: unknown = json.error;
    const message =
      typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
        ? error.message
        : 'unknown error';
    throw new GeorouteError('stream_interrupted', `The upstream stream failed: ${message}`);
  }
  const result = chatChunkSchema.safeParse(json);
  if (!result.success) throw malformed('stream chunk', result.error);
  const chunk: ChatCompletionChunk = result.data;
  return chunk;
}

function readBody<S extends z.ZodTypeAny>(schema: S, body: unknown, eventType: string): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw malformed(`${eventType} event`, result.error);
  return result.data;
}

/** One ConverseStream event by its `:event-type`; undefined for event types this gateway does not know. */
export function readConverseStreamEvent(eventType: string, body: unknown): ConverseStreamEvent | undefined {
  switch (eventType) {
    case 'messageStart':
      return { eventType, body: readBody(converseBodies.messageStart, body, eventType) };
    case 'contentBlockStart':
      return { eventType, body: readBody(converseBodies.contentBlockStart, body, eventType) };
    case 'contentBlockDelta':
      return { eventType, body: readBody(converseBodies.contentBlockDelta, body, eventType) };
    case 'contentBlockStop':
      return { eventType, body: readBody(converseBodies.contentBlockStop, body, eventType) };
    case 'messageStop':
      return { eventType, body: readBody(converseBodies.messageStop, body, eventType) };
    case 'metadata':
      return { eventType, body: readBody(converseBodies.metadata, body, eventType) };
    default:
      return undefined;
  }
}

/** One decoded InvokeModelWithResponseStream chunk of a Nova model (the JSON text inside `bytes`). */
export function readNovaStreamChunk(json: string): NovaStreamChunk {
  const result = novaChunkSchema.safeParse(parseJson(json, 'stream chunk'));
  if (!result.success) throw malformed('Nova stream chunk', result.error);
  const chunk: NovaStreamChunk = result.data;
  return chunk;
}
