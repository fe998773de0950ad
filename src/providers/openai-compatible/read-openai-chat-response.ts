/**
 * Checks an OpenAI-compatible upstream's chat answer (a whole completion, or one `data:` chunk of its stream) has
 * the shape the converters need, and types it. Tolerant: only the members the converters read are checked;
 * everything else passes through, and the finish reasons servers invent ("eos", "abort") read as `stop`. A
 * malformed completion is `upstream_rejected`; a malformed chunk ends the stream as `stream_interrupted`, and an
 * error object sent inside the stream as an interrupted upstream (classify-sse-error-chunk.ts).
 */
import { z } from 'zod';
import { sseErrorChunkFailure } from '../classify-sse-error-chunk.js';
import { parseStreamEventJson, readUpstreamBody, readUpstreamStreamEvent } from '../../server/read-upstream-body.js';
import type { ChatCompletionChunk, ChatReasoningDetail, ChatResponse } from '../../surfaces/openai-chat/openai-chat-types.js';

const count = z.number().int().min(0);

const toolCall = z
  .object({
    id: z.string(),
    type: z.literal('function').default('function'),
    function: z.object({ name: z.string(), arguments: z.string().default('') }).passthrough(),
  })
  .passthrough();

/**
 * OpenRouter's `reasoning_details` (signed reasoning text, encrypted reasoning): entries of other types, or without
 * what their type needs, say nothing the converters can carry and are left out.
 */
const reasoningDetails = z
  .array(
    z
      .object({
        type: z.string(),
        text: z.string().nullish(),
        signature: z.string().nullish(),
        data: z.string().nullish(),
        format: z.string().nullish(),
        index: z.number().int().min(0).optional(),
      })
      .passthrough(),
  )
  .nullish()
  .transform((details) =>
    details?.flatMap((detail): ChatReasoningDetail[] => {
      const index = detail.index === undefined ? {} : { index: detail.index };
      if (detail.type === 'reasoning.text') return [{ type: 'reasoning.text', text: detail.text ?? null, signature: detail.signature ?? null, ...index }];
      if (detail.type === 'reasoning.encrypted' && typeof detail.data === 'string') return [{ type: 'reasoning.encrypted', data: detail.data, ...index }];
      return [];
    }),
  );

const chatUsageSchema = z
  .object({
    prompt_tokens: count,
    completion_tokens: count,
    total_tokens: count,
    prompt_tokens_details: z.object({ cached_tokens: count.optional() }).passthrough().nullish(),
    completion_tokens_details: z.object({ reasoning_tokens: count.optional() }).passthrough().nullish(),
  })
  .passthrough();

const chatFinishReasonSchema = z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

/** OpenAI-compatible servers invent reasons ("eos", "abort"); they read as `stop`. */
const finishReason = z.preprocess(
  (value) => (value === null || value === undefined || chatFinishReasonSchema.safeParse(value).success ? value : 'stop'),
  chatFinishReasonSchema.nullable().default(null),
);

const chatResponseSchema = z
  .object({
    id: z.string().default(''),
    object: z.literal('chat.completion').default('chat.completion'),
    created: z.number().default(0),
    model: z.string().default(''),
    choices: z.array(
      z
        .object({
          index: z.number().int().default(0),
          message: z
            .object({
              role: z.literal('assistant').default('assistant'),
              content: z.string().nullable().default(null),
              tool_calls: z.array(toolCall).nullish().transform((calls) => calls ?? undefined),
              refusal: z.string().nullish(),
              reasoning_content: z.string().nullish(),
              reasoning_details: reasoningDetails,
            })
            .passthrough(),
          finish_reason: finishReason,
        })
        .passthrough(),
    ),
    usage: chatUsageSchema.nullish(),
  })
  .passthrough();

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
                reasoning_details: reasoningDetails,
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

export function readChatResponse(body: unknown): ChatResponse {
  const response: ChatResponse = readUpstreamBody(chatResponseSchema, body, 'chat completion');
  return response;
}

/** One `data:` line of an OpenAI SSE stream (not `[DONE]`). */
export function readChatCompletionChunk(data: string): ChatCompletionChunk {
  // The provider's events end at an error chunk; should one get here, it is the same failure, its text kept apart.
  const failure = sseErrorChunkFailure('the upstream', data);
  if (failure !== undefined) throw failure;
  const json = parseStreamEventJson(data, 'stream chunk');
  const chunk: ChatCompletionChunk = readUpstreamStreamEvent(chatChunkSchema, json, 'stream chunk');
  return chunk;
}
