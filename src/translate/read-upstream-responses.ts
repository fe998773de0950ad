/**
 * Checks an upstream's JSON response has the shape a converter needs, and types it. Tolerant: only the members
 * the converters read are checked; everything else passes through. A response that does not fit is the model's
 * fault, not the caller's: `upstream_rejected` (424, ModelErrorException).
 */
import { z } from 'zod';
import { GeorouteError } from '../errors/error-catalog.js';
import { messageSchema } from '../surfaces/bedrock-converse/converse-content-block-schema.js';
import type { NovaResponse } from '../surfaces/bedrock-invoke/nova/nova-native-types.js';
import type { ChatResponse } from '../surfaces/openai-chat/openai-chat-types.js';
import { formatFieldPath } from './parse-wire-body.js';

const count = z.number().int().min(0);

const toolCall = z
  .object({
    id: z.string(),
    type: z.literal('function').default('function'),
    function: z.object({ name: z.string(), arguments: z.string().default('') }).passthrough(),
  })
  .passthrough();

export const chatUsageSchema = z
  .object({
    prompt_tokens: count,
    completion_tokens: count,
    total_tokens: count,
    prompt_tokens_details: z.object({ cached_tokens: count.optional() }).passthrough().nullish(),
    completion_tokens_details: z.object({ reasoning_tokens: count.optional() }).passthrough().nullish(),
  })
  .passthrough();

export const chatFinishReasonSchema = z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

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
            })
            .passthrough(),
          finish_reason: finishReason,
        })
        .passthrough(),
    ),
    usage: chatUsageSchema.nullish(),
  })
  .passthrough();

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

export { novaUsageSchema };
export { converseUsageSchema, readConverseResponse } from '../surfaces/bedrock-converse/converse-response-schema.js';

export function readUpstreamBody<S extends z.ZodTypeAny>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : ` at '${formatFieldPath(issue.path)}'`;
  throw new GeorouteError('upstream_rejected', `The upstream returned a malformed ${what}${where}.`, {
    cause: result.error,
  });
}

export function readChatResponse(body: unknown): ChatResponse {
  const response: ChatResponse = readUpstreamBody(chatResponseSchema, body, 'chat completion');
  return response;
}

export function readNovaResponse(body: unknown): NovaResponse {
  const response: NovaResponse = readUpstreamBody(novaResponseSchema, body, 'Nova response');
  return response;
}
