/**
 * Checks and types one event of an upstream stream before a stream converter sees it. A malformed event, or an
 * error object sent inside an OpenAI stream, ends the stream as `stream_interrupted` (never a clean end).
 * Unknown ConverseStream event types are skipped (undefined), as the AWS SDKs skip them.
 */
import { z } from 'zod';
import { GeorouteError } from '../errors/error-catalog.js';
import type { NovaStreamChunk } from '../surfaces/bedrock-invoke/nova/nova-native-types.js';
import type { ChatCompletionChunk } from '../surfaces/openai-chat/openai-chat-types.js';
import { formatFieldPath } from './parse-wire-body.js';
import { chatFinishReasonSchema, chatUsageSchema, novaUsageSchema } from './read-upstream-responses.js';
import { converseStreamEventBodies, readConverseStreamEvent } from '../surfaces/bedrock-converse/converse-response-schema.js';

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

export { readConverseStreamEvent };

/** One decoded InvokeModelWithResponseStream chunk of a Nova model (the JSON text inside `bytes`). */
export function readNovaStreamChunk(json: string): NovaStreamChunk {
  const result = novaChunkSchema.safeParse(parseJson(json, 'stream chunk'));
  if (!result.success) throw malformed('Nova stream chunk', result.error);
  const chunk: NovaStreamChunk = result.data;
  return chunk;
}
