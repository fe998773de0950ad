/**
 * The Anthropic Messages request, as `POST /v1/messages` takes it and, without `model` and `stream` but with
 * `anthropic_version`, as Bedrock's InvokeModel takes it for a Claude model. Fields and content blocks the
 * gateway knows are checked so a client's mistake is a clear 400 naming the field; fields it does not know are
 * kept (they pass through to an Anthropic upstream untouched, and a converter that cannot carry one refuses it).
 * The known blocks take every member Anthropic's SDK types give them, null included where they allow it.
 */
import { z } from 'zod';
import { GeorouteError } from '../../errors/error-catalog.js';
import { isCommonAnthropicRequest } from './accept-common-anthropic-request.js';

export const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';
const ANTHROPIC_VERSION_PATTERN = /^(bedrock-)?\d{4}-\d{2}-\d{2}$/;

const cacheControlSchema = z.object({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() }).strict();
/** Anthropic's SDKs type the optional members of a block as `T | null`; null is the member left out. */
const cacheControl = cacheControlSchema.nullable().optional();

const textBlockSchema = z.object({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControl,
  citations: z.array(z.unknown()).nullable().optional(),
}).strict();

const imageSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('base64'), media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']), data: z.string().min(1) }).strict(),
  z.object({ type: z.literal('url'), url: z.string().url() }).strict(),
  z.object({ type: z.literal('file'), file_id: z.string().min(1) }).strict(),
]);

const imageBlockSchema = z.object({
  type: z.literal('image'),
  source: imageSourceSchema,
  cache_control: cacheControl,
  transformations: z.record(z.unknown()).nullable().optional(),
}).strict();

const documentBlockSchema = z.object({
  type: z.literal('document'),
  source: z.object({ type: z.string() }).passthrough(),
  title: z.string().nullable().optional(),
  context: z.string().nullable().optional(),
  citations: z.object({ enabled: z.boolean() }).passthrough().nullable().optional(),
  cache_control: cacheControl,
}).strict();

const toolUseBlockSchema = z.object({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.unknown()),
  cache_control: cacheControl,
  /** Who called the tool: the model (`direct`) or a server tool such as code execution. */
  caller: z.object({ type: z.string().min(1) }).passthrough().optional(),
  toolset_name: z.string().nullable().optional(),
}).strict();

/** Checks the blocks `schemas` names by their `type`; blocks of any other type are kept as they are. */
function blockOfKnownType(schemas: Readonly<Record<string, z.ZodTypeAny>>) {
  return z.object({ type: z.string().min(1) }).passthrough().superRefine((block, ctx) => {
    const schema = schemas[block.type];
    if (schema === undefined) return;
    const result = schema.safeParse(block);
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue(issue);
  });
}

/** What a tool result holds: text, images and documents are read; search results, tool references, ... are kept. */
const toolResultItemSchema = blockOfKnownType({ text: textBlockSchema, image: imageBlockSchema, document: documentBlockSchema });

const toolResultBlockSchema = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(toolResultItemSchema)]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
  toolset_name: z.string().nullable().optional(),
}).strict();

const thinkingBlockSchema = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() }).strict();
const redactedThinkingBlockSchema = z.object({ type: z.literal('redacted_thinking'), data: z.string() }).strict();

/** The blocks the gateway reads; other block types (server tools, search results, ...) are kept as they are. */
const contentBlockSchema = blockOfKnownType({
  text: textBlockSchema,
  image: imageBlockSchema,
  document: documentBlockSchema,
  tool_use: toolUseBlockSchema,
  tool_result: toolResultBlockSchema,
  thinking: thinkingBlockSchema,
  redacted_thinking: redactedThinkingBlockSchema,
});

const messageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(contentBlockSchema)]),
}).strict();

const toolSchema = z.object({
  name: z.string().min(1).max(128),
  description: z.string().optional(),
  /** Client tools have a schema; server tools (`type: web_search_20250305`, ...) have a type instead. */
  input_schema: z.object({ type: z.literal('object') }).passthrough().optional(),
  type: z.string().optional(),
  cache_control: cacheControl,
  /** Strict tool use: the model's input always matches `input_schema`. */
  strict: z.boolean().optional(),
}).passthrough();

const toolChoiceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('none') }).strict(),
]);

/** Whether the answer's thinking blocks hold the (summarized) thinking or only its signature. */
const thinkingDisplaySchema = z.enum(['summarized', 'omitted']).nullable().optional();

/**
 * `adaptive`: the model decides whether and how much to think (Claude 4.6 and later; Claude Code sends it for
 * them); `between_tools` is passed on to Anthropic's wire, and refused by any other.
 */
const thinkingSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1024), display: thinkingDisplaySchema }).strict(),
  z.object({ type: z.literal('adaptive'), display: thinkingDisplaySchema }).strict(),
  z.object({ type: z.literal('between_tools') }).strict(),
  z.object({ type: z.literal('disabled') }).strict(),
]);

/** Structured output: the answer is JSON valid for the schema. */
const outputFormatSchema = z.object({ type: z.literal('json_schema'), schema: z.record(z.unknown()) }).strict();

/** Structured output (`format`) and the effort the model puts into its answer. */
const outputConfigSchema = z.object({
  effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullable().optional(),
  format: outputFormatSchema.nullable().optional(),
}).passthrough();

const commonFields = {
  max_tokens: z.number().int().min(1),
  messages: z.array(messageSchema).min(1),
  system: z.union([z.string(), z.array(textBlockSchema)]).optional(),
  metadata: z.object({ user_id: z.string().max(256).nullable().optional() }).passthrough().optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  tools: z.array(toolSchema).optional(),
  tool_choice: toolChoiceSchema.optional(),
  thinking: thinkingSchema.optional(),
  output_config: outputConfigSchema.optional(),
  /** The structured-outputs beta's spelling of `output_config.format` (`structured-outputs-2025-11-13`). */
  output_format: outputFormatSchema.nullable().optional(),
  service_tier: z.enum(['auto', 'standard_only']).optional(),
};

export const anthropicMessagesRequestSchema = z.object({
  model: z.string().min(1).max(2048),
  stream: z.boolean().optional(),
  ...commonFields,
}).passthrough();

export const bedrockAnthropicBodySchema = z.object({
  /**
   * `bedrock-2023-05-31` as Bedrock documents it; newer Anthropic Bedrock SDKs send the Messages API version they
   * speak (`2023-06-01`, `2026-10-21`) in the same field, so a dated version is accepted too.
   */
  anthropic_version: z.string().regex(ANTHROPIC_VERSION_PATTERN, `"${BEDROCK_ANTHROPIC_VERSION}" or an Anthropic API version date`),
  anthropic_beta: z.array(z.string().min(1)).optional(),
  ...commonFields,
}).passthrough();

/** count_tokens takes a messages request without `max_tokens` and `stream`. */
export const anthropicCountTokensRequestSchema = z.object({
  model: z.string().min(1).max(2048),
  ...commonFields,
  max_tokens: z.number().int().min(1).optional(),
}).passthrough();

export type AnthropicMessagesRequest = z.infer<typeof anthropicMessagesRequestSchema>;
export type BedrockAnthropicBody = z.infer<typeof bedrockAnthropicBodySchema>;
export type AnthropicCountTokensRequest = z.infer<typeof anthropicCountTokensRequestSchema>;
export type AnthropicMessage = z.infer<typeof messageSchema>;
export type AnthropicContentBlock = z.infer<typeof contentBlockSchema>;
export type AnthropicTool = z.infer<typeof toolSchema>;

function checked<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown, refine?: (value: T) => void): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const param = issue?.path.join('.') || undefined;
    const unknownKeys = issue?.code === 'unrecognized_keys' ? `: ${issue.keys.join(', ')} not permitted` : '';
    throw new GeorouteError('invalid_request', `${param ?? 'body'}: ${issue?.message ?? 'invalid'}${unknownKeys}`, { param });
  }
  refine?.(result.data);
  return result.data;
}

function checkThinkingAndTools(request: { max_tokens?: number; thinking?: { type: string; budget_tokens?: number }; tools?: AnthropicTool[]; tool_choice?: { type: string; name?: string } }): void {
  const budget = request.thinking?.budget_tokens;
  if (budget !== undefined && request.max_tokens !== undefined && budget >= request.max_tokens) {
    throw new GeorouteError('invalid_request', '`max_tokens` must be greater than `thinking.budget_tokens`.', { param: 'thinking.budget_tokens' });
  }
  const choice = request.tool_choice;
  if (choice?.type === 'tool' && !(request.tools ?? []).some((tool) => tool.name === choice.name)) {
    throw new GeorouteError('invalid_request', `tool_choice.name: no tool named "${choice.name}" is in tools.`, { param: 'tool_choice.name' });
  }
}

/**
 * The simplest common shapes (text messages, a text system prompt, the sampling settings) are accepted by a compiled
 * check that is never wider than the schema (accept-common-anthropic-request.ts); every other body goes through zod.
 */
export function parseAnthropicMessagesRequest(body: unknown): AnthropicMessagesRequest {
  if (isCommonAnthropicRequest(body)) return body;
  return checked(anthropicMessagesRequestSchema, body, checkThinkingAndTools);
}

export function parseAnthropicCountTokensRequest(body: unknown): AnthropicCountTokensRequest {
  return checked(anthropicCountTokensRequestSchema, body, checkThinkingAndTools);
}

/** A Bedrock InvokeModel body for a Claude model; `model` and `stream` belong in the path, as Bedrock says. */
export function parseBedrockAnthropicBody(body: Record<string, unknown>): BedrockAnthropicBody {
  for (const key of ['model', 'stream']) {
    if (key in body) throw new GeorouteError('invalid_request', `Malformed input request: extraneous key [${key}] is not permitted.`, { param: key });
  }
  return checked(bedrockAnthropicBodySchema, body, checkThinkingAndTools);
}
