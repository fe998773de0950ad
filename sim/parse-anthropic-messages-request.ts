/**
 * An Anthropic Messages body, as `POST /v1/messages` takes it (`model`, `stream`) or as Bedrock's InvokeModel takes
 * it for a Claude model (`anthropic_version: bedrock-2023-05-31`, no model, no stream), reduced to what the
 * simulator needs. Checks what Anthropic checks and tests rely on: `max_tokens`, roles, a named tool that exists,
 * a thinking budget of at least 1024 below `max_tokens`, a structured-output format (`output_config.format`) that is
 * a JSON schema, and, while thinking (enabled or adaptive), no forced tool choice, no temperature but 1, no `top_k`
 * and no `top_p` below 0.95. Unknown fields and content blocks are tolerated. Pure.
 */
import { z } from 'zod';
import { mentionsWeather, type SimPrompt, type SimToolChoice } from './sim-completion.js';
import { SimError } from './sim-error.js';
import { toolInputSchemasOf } from './sim-tool-arguments.js';

const cacheControlSchema = z.object({ type: z.literal('ephemeral') }).passthrough();

const blockSchema = z.object({
  type: z.string(),
  text: z.string().optional(),
  thinking: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  content: z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }).passthrough())]).optional(),
  cache_control: cacheControlSchema.optional(),
}).passthrough();

const contentSchema = z.union([z.string(), z.array(blockSchema)]);

const requestSchema = z.object({
  model: z.string().min(1).optional(),
  anthropic_version: z.string().optional(),
  max_tokens: z.number().int().min(1),
  stream: z.boolean().optional(),
  system: contentSchema.optional(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: contentSchema }).passthrough()).min(1),
  tools: z.array(z.object({ name: z.string().min(1), input_schema: z.unknown().optional(), cache_control: cacheControlSchema.optional() }).passthrough()).optional(),
  tool_choice: z.discriminatedUnion('type', [
    z.object({ type: z.literal('auto') }).passthrough(),
    z.object({ type: z.literal('any') }).passthrough(),
    z.object({ type: z.literal('none') }).passthrough(),
    z.object({ type: z.literal('tool'), name: z.string().min(1) }).passthrough(),
  ]).optional(),
  thinking: z.discriminatedUnion('type', [
    z.object({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1024) }).passthrough(),
    z.object({ type: z.literal('disabled') }).passthrough(),
    z.object({ type: z.literal('adaptive') }).passthrough(),
  ]).optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  top_k: z.number().int().optional(),
  output_config: z.object({
    format: z.object({ type: z.literal('json_schema'), schema: z.record(z.unknown()) }).nullish(),
  }).passthrough().optional(),
}).passthrough();

type Block = z.infer<typeof blockSchema>;
type Content = z.infer<typeof contentSchema>;

export type AnthropicBodyKind = 'messages-api' | 'bedrock';

export interface AnthropicSimRequest {
  prompt: SimPrompt;
  stream: boolean;
  model: string;
  /** The texts up to and including the last block marked `cache_control`: the prompt-cache prefix. */
  cachePrefixTexts?: string[];
  /** `output_config.format.schema`: the answer is JSON for this schema. */
  responseSchema?: Record<string, unknown>;
}

function blockTexts(block: Block): string[] {
  if (block.type === 'text' && block.text !== undefined) return [block.text];
  if (block.type === 'tool_use') return [block.name ?? '', JSON.stringify(block.input ?? {})];
  if (block.type === 'tool_result') {
    if (typeof block.content === 'string') return [block.content];
    return (block.content ?? []).flatMap((item) => (item.text === undefined ? [] : [item.text]));
  }
  return [];
}

function blocksOf(content: Content): Block[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

function invalid(message: string): SimError {
  return new SimError('invalid_request', message);
}

/** What Anthropic answers with a 400 when thinking is on. */
function refuseBesideThinking(request: z.infer<typeof requestSchema>): void {
  const choice = request.tool_choice?.type;
  if (choice === 'any' || choice === 'tool') throw invalid('Thinking may not be enabled when tool_choice forces tool use.');
  if (request.temperature !== undefined && request.temperature !== 1) throw invalid('`temperature` may only be set to 1 when thinking is enabled.');
  if (request.top_k !== undefined) throw invalid('`top_k` may not be set when thinking is enabled.');
  if (request.top_p !== undefined && request.top_p < 0.95) throw invalid('`top_p` must be at least 0.95 when thinking is enabled.');
}

export function parseAnthropicMessagesRequest(body: Record<string, unknown>, kind: AnthropicBodyKind, pathModel?: string): AnthropicSimRequest {
  const result = requestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalid(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  const request = result.data;
  if (kind === 'bedrock' && request.anthropic_version === undefined) throw invalid('anthropic_version: Field required');
  if (kind === 'bedrock' && (request.model !== undefined || request.stream !== undefined)) {
    throw invalid(`${request.model !== undefined ? 'model' : 'stream'}: Extra inputs are not permitted`);
  }
  if (kind === 'messages-api' && request.model === undefined) throw invalid('model: Field required');
  const toolNames = (request.tools ?? []).map((tool) => tool.name);
  const choice = request.tool_choice;
  if (choice?.type === 'tool' && !toolNames.includes(choice.name)) throw invalid(`tool_choice.name: no tool named "${choice.name}"`);
  if ((choice?.type === 'any' || choice?.type === 'tool') && toolNames.length === 0) throw invalid('tool_choice: requires tools');
  const thinking = request.thinking?.type === 'enabled' ? request.thinking : undefined;
  if (thinking !== undefined && thinking.budget_tokens >= request.max_tokens) {
    throw invalid('`max_tokens` must be greater than `thinking.budget_tokens`');
  }
  if (thinking !== undefined || request.thinking?.type === 'adaptive') refuseBesideThinking(request);

  const texts: string[] = [];
  let prefixLength: number | undefined;
  const add = (block: Block) => {
    texts.push(...blockTexts(block));
    if (block.cache_control !== undefined) prefixLength = texts.length;
  };
  if (request.system !== undefined) blocksOf(request.system).forEach(add);
  for (const message of request.messages) blocksOf(message.content).forEach(add);

  const last = request.messages[request.messages.length - 1];
  const lastBlocks = blocksOf(last.content);
  const lastIsPlainUserText = last.role === 'user' && lastBlocks.every((block) => block.type !== 'tool_result');
  const toolChoice: SimToolChoice | undefined = choice === undefined ? undefined
    : choice.type === 'tool' ? { tool: choice.name } : choice.type;
  return {
    prompt: {
      texts,
      maxTokens: request.max_tokens,
      firstToolName: toolNames[0],
      toolInputSchemas: toolInputSchemasOf((request.tools ?? []).map((tool) => [tool.name, tool.input_schema])),
      lastUserMessageMentionsWeather: lastIsPlainUserText && lastBlocks.some((b) => b.type === 'text' && b.text !== undefined && mentionsWeather(b.text)),
      ...(toolChoice === undefined ? {} : { toolChoice }),
      ...(thinking === undefined ? {} : { thinkingBudgetTokens: thinking.budget_tokens }),
    },
    stream: request.stream === true,
    model: request.model ?? pathModel ?? 'unknown',
    ...(prefixLength === undefined ? {} : { cachePrefixTexts: texts.slice(0, prefixLength) }),
    ...(request.output_config?.format == null ? {} : { responseSchema: request.output_config.format.schema }),
  };
}
