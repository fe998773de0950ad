/** An OpenAI chat-completions request body reduced to what the simulator needs. Pure. */
import { z } from 'zod';
import { mentionsWeather, type SimPrompt, type SimToolChoice } from './sim-completion.js';
import { toolInputSchemasOf } from './sim-tool-arguments.js';
import { SimError } from './sim-error.js';

const contentPartSchema = z.object({ type: z.string(), text: z.string().optional() }).passthrough();

const messageSchema = z.object({
  role: z.string(),
  content: z.union([z.string(), z.array(contentPartSchema), z.null()]).optional(),
  tool_calls: z.array(z.object({
    function: z.object({ name: z.string(), arguments: z.string().optional() }).passthrough().optional(),
  }).passthrough()).optional(),
}).passthrough();

const tokenLimitSchema = z.number().int().min(1).nullable().optional();

const chatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).passthrough().nullable().optional(),
  max_tokens: tokenLimitSchema,
  max_completion_tokens: tokenLimitSchema,
  tools: z.array(z.object({
    type: z.string().optional(),
    function: z.object({ name: z.string(), parameters: z.unknown().optional() }).passthrough(),
  }).passthrough()).optional(),
  tool_choice: z.union([
    z.enum(['none', 'auto', 'required']),
    z.object({ type: z.string(), function: z.object({ name: z.string() }).passthrough().optional() }).passthrough(),
  ]).nullable().optional(),
  response_format: z.object({
    type: z.string(),
    json_schema: z.object({ schema: z.record(z.unknown()).optional() }).passthrough().optional(),
  }).passthrough().nullable().optional(),
  logprobs: z.boolean().nullable().optional(),
  top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
  n: z.number().int().min(1).max(128).nullable().optional(),
}).passthrough();

type ChatMessage = z.infer<typeof messageSchema>;

export interface OpenAiChatRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  prompt: SimPrompt;
  /** `response_format`: the answer is JSON for this schema (`json_object`: any object). */
  responseSchema?: Record<string, unknown>;
  /** `logprobs: true`: alternatives per token (`top_logprobs`). */
  logprobs?: { top: number };
  /** `n`: how many choices (1 when absent). */
  choiceCount: number;
}

function responseSchemaOf(format: z.infer<typeof chatRequestSchema>['response_format']): Record<string, unknown> | undefined {
  if (format?.type === 'json_schema') return format.json_schema?.schema ?? { type: 'object' };
  if (format?.type === 'json_object') return { type: 'object' };
  return undefined;
}

/** `tool_choice`: `none`, `auto`, `required` (any tool) or one function by name. */
function toolChoiceOf(choice: z.infer<typeof chatRequestSchema>['tool_choice']): { toolChoice?: SimToolChoice } {
  if (choice === undefined || choice === null) return {};
  if (typeof choice === 'string') return { toolChoice: choice === 'required' ? 'any' : choice };
  return choice.function === undefined ? {} : { toolChoice: { tool: choice.function.name } };
}

function messageTexts(message: ChatMessage): string[] {
  const texts: string[] = [];
  if (typeof message.content === 'string') texts.push(message.content);
  else if (Array.isArray(message.content)) {
    for (const part of message.content) if (part.type === 'text' && part.text !== undefined) texts.push(part.text);
  }
  for (const call of message.tool_calls ?? []) {
    if (call.function !== undefined) texts.push(call.function.name, call.function.arguments ?? '');
  }
  return texts;
}

export function parseOpenAiChatRequest(body: Record<string, unknown>, defaultMaxTokens: number): OpenAiChatRequest {
  const result = chatRequestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SimError('invalid_request', `Invalid request: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  const request = result.data;
  const last = request.messages[request.messages.length - 1];
  return {
    model: request.model,
    stream: request.stream === true,
    includeUsage: request.stream_options?.include_usage === true,
    choiceCount: request.n ?? 1,
    responseSchema: responseSchemaOf(request.response_format),
    ...(request.logprobs === true ? { logprobs: { top: request.top_logprobs ?? 0 } } : {}),
    prompt: {
      texts: request.messages.flatMap(messageTexts),
      maxTokens: request.max_completion_tokens ?? request.max_tokens ?? defaultMaxTokens,
      firstToolName: request.tools?.[0]?.function.name,
      toolInputSchemas: toolInputSchemasOf((request.tools ?? []).map((tool) => [tool.function.name, tool.function.parameters])),
      ...toolChoiceOf(request.tool_choice),
      lastUserMessageMentionsWeather: last.role === 'user' && messageTexts(last).some(mentionsWeather),
    },
  };
}
