/**
 * The OpenAI chat completions request georoute accepts. Unknown members pass through untouched; a bad value is
 * reported as `invalid_request` with `param` naming the field (`messages[0].content`).
 */
import { z } from 'zod';
import type { ChatRequest } from './openai-chat-types.js';
import { parseWireBody } from '../../server/parse-wire-body.js';
import { isCommonChatRequest } from './accept-common-chat-request.js';

const breakpoint = z.object({ mode: z.string() }).passthrough().nullish();
/** Anthropic's cache marker on a chat part or message (LiteLLM's and OpenRouter's convention). */
const cacheControl = z.object({ type: z.string(), ttl: z.string().optional() }).passthrough().nullish();
const textPart = z.object({ type: z.literal('text'), text: z.string(), prompt_cache_breakpoint: breakpoint, cache_control: cacheControl }).passthrough();
const imagePart = z
  .object({
    type: z.literal('image_url'),
    image_url: z
      .object({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() })
      .passthrough(),
    prompt_cache_breakpoint: breakpoint, cache_control: cacheControl,
  })
  .passthrough();
const refusalPart = z.object({ type: z.literal('refusal'), refusal: z.string() }).passthrough();
/** A file: its bytes as a data URL (`file_data`, with `filename`), or an id from OpenAI's Files API. */
const filePart = z
  .object({
    type: z.literal('file'),
    file: z
      .object({ file_data: z.string().min(1).optional(), file_id: z.string().min(1).optional(), filename: z.string().optional() })
      .passthrough()
      .refine((file) => file.file_data !== undefined || file.file_id !== undefined, { message: 'a file part needs file_data or file_id' }),
    prompt_cache_breakpoint: breakpoint, cache_control: cacheControl,
  })
  .passthrough();
const audioPart = z.object({ type: z.literal('input_audio'), input_audio: z.object({ data: z.string(), format: z.string() }).passthrough(), prompt_cache_breakpoint: breakpoint, cache_control: cacheControl })
  .passthrough();

const textContent = z.union([z.string(), z.array(textPart)]);

const toolCall = z.discriminatedUnion('type', [
  z
    .object({
      id: z.string().min(1),
      type: z.literal('function'),
      function: z.object({ name: z.string().min(1), arguments: z.string() }).passthrough(),
    })
    .passthrough(),
  z.object({ id: z.string().min(1), type: z.literal('custom'), custom: z.object({ name: z.string().min(1), input: z.string() }).passthrough() }).passthrough(),
]);

const systemMessage = z.object({ role: z.literal('system'), content: textContent, name: z.string().optional(), cache_control: cacheControl });
const developerMessage = z.object({ role: z.literal('developer'), content: textContent, name: z.string().optional(), cache_control: cacheControl });
const userMessage = z.object({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, imagePart, filePart, audioPart]))]),
  name: z.string().optional(),
  cache_control: cacheControl,
});
/** OpenRouter's reasoning detail shapes; an entry of another type only needs its `type` (it is listed, not read). */
const index = z.number().int().min(0).optional();
const reasoningDetailShapes: Readonly<Record<string, z.ZodTypeAny>> = {
  'reasoning.text': z.object({ text: z.string().nullish(), signature: z.string().nullish(), format: z.string().nullish(), index }).passthrough(),
  'reasoning.encrypted': z.object({ data: z.string().min(1), format: z.string().nullish(), index }).passthrough(),
};
const reasoningDetail = z
  .object({ type: z.string().min(1) })
  .passthrough()
  .superRefine((detail, ctx) => {
    const shape = reasoningDetailShapes[detail.type];
    const result = shape?.safeParse(detail);
    for (const issue of result?.success === false ? result.error.issues : []) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: issue.path, message: issue.message });
    }
  });

const assistantMessage = z.object({
  role: z.literal('assistant'),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, refusalPart]))]).nullish(),
  tool_calls: z.array(toolCall).optional(),
  refusal: z.string().nullish(),
  name: z.string().optional(),
  cache_control: cacheControl,
  reasoning_content: z.string().nullish(),
  reasoning_details: z.array(reasoningDetail).nullish(),
});
const toolMessage = z.object({ role: z.literal('tool'), content: textContent, tool_call_id: z.string().min(1), cache_control: cacheControl });
/** The deprecated function-calling result message. */
const functionMessage = z.object({ role: z.literal('function'), name: z.string().min(1), content: z.string().nullable() });

const message = z
  .discriminatedUnion('role', [
    systemMessage.passthrough(),
    developerMessage.passthrough(),
    userMessage.passthrough(),
    assistantMessage.passthrough(),
    toolMessage.passthrough(),
    functionMessage.passthrough(),
  ])
  .superRefine((value, ctx) => {
    if (value.role !== 'assistant') return;
    const hasContent = value.content !== undefined && value.content !== null;
    const hasToolCalls = value.tool_calls !== undefined && value.tool_calls.length > 0;
    const hasRefusal = typeof value.refusal === 'string' && value.refusal !== '';
    // The deprecated function_call, and audio from an earlier answer, count as what the message says.
    const other = value as Record<string, unknown>;
    const hasOther = (other.function_call !== undefined && other.function_call !== null) || (other.audio !== undefined && other.audio !== null);
    if (!hasContent && !hasToolCalls && !hasRefusal && !hasOther) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['content'],
        message: 'an assistant message needs content, tool_calls, refusal, function_call or audio',
      });
    }
  });

const functionName = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'a function name is 1 to 64 letters, digits, underscores or dashes');

const tool = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('function'),
      function: z
        .object({
          name: functionName,
          description: z.string().optional(),
          parameters: z.record(z.unknown()).optional(),
          strict: z.boolean().nullish(),
        })
        .passthrough(),
    })
    .passthrough(),
  /** A tool whose input is free text or follows a grammar. */
  z.object({ type: z.literal('custom'), custom: z.object({ name: z.string().min(1) }).passthrough() }).passthrough(),
]);

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z
    .object({
      type: z.literal('function'),
      function: z.object({ name: z.string().min(1) }).passthrough(),
    })
    .passthrough(),
  z.object({ type: z.literal('custom'), custom: z.object({ name: z.string().min(1) }).passthrough() }).passthrough(),
  z.object({ type: z.literal('allowed_tools'), allowed_tools: z.object({ mode: z.string(), tools: z.array(z.unknown()) }).passthrough() }).passthrough(),
]);

const positiveInteger = z.number().int().positive();

/** Lenient like the rest of the body: a shape this gateway does not know passes through to an OpenAI upstream. */
const responseFormat = z
  .object({
    type: z.string().optional(),
    json_schema: z
        .object({
          name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'a schema name is 1 to 64 letters, digits, underscores or dashes'),
          description: z.string().optional(),
          schema: z.record(z.unknown()).optional(),
          strict: z.boolean().nullish(),
        })
        .passthrough()
        .optional(),
  })
  .passthrough();

export const chatRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(message).min(1, 'messages must contain at least one message'),
    tools: z.array(tool).optional(),
    tool_choice: toolChoice.optional(),
    max_tokens: positiveInteger.nullish(),
    max_completion_tokens: positiveInteger.nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().nullish() }).passthrough().nullish(),
    /** Several choices: passed to upstreams that take it; elsewhere the 400 that names `n` (no silent drops). */
    n: z.number().int().min(1).max(128).nullish(),
    user: z.string().optional(),
    metadata: z.record(z.string()).nullish(),
    response_format: responseFormat.nullish(),
    seed: z.number().int().nullish(),
    logprobs: z.boolean().nullish(),
    top_logprobs: z.number().int().min(0).max(20).nullish(),
    parallel_tool_calls: z.boolean().nullish(),
    reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).nullish(),
    service_tier: z.string().nullish(),
  })
  .passthrough()
  .superRefine((value, ctx) => {
    const choice = value.tool_choice;
    if (choice === undefined || typeof choice === 'string' || choice.type !== 'function') return;
    const names = new Set((value.tools ?? []).flatMap((t) => (t.type === 'function' ? [t.function.name] : [])));
    if (!names.has(choice.function.name)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['tool_choice', 'function', 'name'],
        message: `no function named '${choice.function.name}' in tools`,
      });
    }
  });

/**
 * Validates an OpenAI chat completions body; throws `GeorouteError('invalid_request')` with `param`. The common
 * shapes are checked by a compiled check that the schema backs (accept-common-chat-request.ts); the body is then
 * returned as it is, else the schema parses it.
 */
export function parseChatRequest(body: unknown): ChatRequest {
  if (isCommonChatRequest(body)) return body;
  const parsed: ChatRequest = parseWireBody(chatRequestSchema, body);
  return parsed;
}
