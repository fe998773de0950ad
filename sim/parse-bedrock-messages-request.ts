/**
 * A Bedrock Converse body, or an Amazon Nova native InvokeModel body (the same messages/system/inferenceConfig/
 * toolConfig shape), reduced to what the simulator needs. Unknown content blocks are tolerated. Reasoning is asked for
 * as Bedrock's model families ask in `additionalModelRequestFields`: Claude's `thinking` (`enabled` with
 * `budget_tokens`, or `adaptive`) and Nova's `reasoningConfig` (`enabled`, with `maxReasoningEffort`). Pure.
 */
import { z } from 'zod';
import { mentionsWeather, type SimPrompt, type SimToolChoice } from './sim-completion.js';
import { toolInputSchemasOf } from './sim-tool-arguments.js';
import { SimError } from './sim-error.js';

const toolResultItemSchema = z.object({ text: z.string().optional(), json: z.unknown().optional() }).passthrough();

const contentBlockSchema = z.object({
  text: z.string().optional(),
  toolUse: z.object({ name: z.string().optional(), input: z.unknown().optional() }).passthrough().optional(),
  toolResult: z.object({ content: z.array(toolResultItemSchema).optional() }).passthrough().optional(),
}).passthrough();

const messagesRequestSchema = z.object({
  messages: z.array(z.object({
    role: z.enum(['user', 'assistant']),
    content: z.array(contentBlockSchema),
  }).passthrough()).min(1),
  system: z.array(z.object({ text: z.string().optional() }).passthrough()).optional(),
  inferenceConfig: z.object({
    maxTokens: z.number().int().min(1).optional(),
    /** Older Nova native spelling. */
    max_new_tokens: z.number().int().min(1).optional(),
  }).passthrough().optional(),
  toolConfig: z.object({
    tools: z.array(z.object({
      toolSpec: z.object({ name: z.string(), inputSchema: z.object({ json: z.unknown().optional() }).passthrough().optional() }).passthrough().optional(),
    }).passthrough()),
    toolChoice: z.object({
      auto: z.object({}).passthrough().optional(),
      any: z.object({}).passthrough().optional(),
      tool: z.object({ name: z.string() }).passthrough().optional(),
    }).passthrough().optional(),
  }).passthrough().optional(),
  additionalModelRequestFields: z.record(z.unknown()).optional(),
}).passthrough();

type ContentBlock = z.infer<typeof contentBlockSchema>;

function blockTexts(block: ContentBlock): string[] {
  const texts: string[] = [];
  if (block.text !== undefined) texts.push(block.text);
  if (block.toolUse !== undefined) texts.push(block.toolUse.name ?? '', JSON.stringify(block.toolUse.input ?? {}));
  for (const item of block.toolResult?.content ?? []) {
    if (item.text !== undefined) texts.push(item.text);
    if (item.json !== undefined) texts.push(JSON.stringify(item.json));
  }
  return texts;
}

const NOVA_EFFORT_BUDGETS: Readonly<Record<string, number>> = { low: 1_024, medium: 4_096, high: 16_384 };

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The thinking budget the request's model-specific fields ask for; undefined when they ask for no reasoning. */
function thinkingBudgetOf(fields: Record<string, unknown> | undefined): number | undefined {
  const thinking = record(fields?.thinking);
  if (thinking?.type === 'enabled' && typeof thinking.budget_tokens === 'number') return thinking.budget_tokens;
  if (thinking?.type === 'adaptive') return 1_024;
  const nova = record(fields?.reasoningConfig);
  if (nova?.type === 'enabled') return NOVA_EFFORT_BUDGETS[String(nova.maxReasoningEffort)] ?? NOVA_EFFORT_BUDGETS.low;
  return undefined;
}

/** Converse `toolChoice`: `{ auto: {} }`, `{ any: {} }` or `{ tool: { name } }`. */
function toolChoiceOf(choice: { any?: object; tool?: { name: string } } | undefined): { toolChoice?: SimToolChoice } {
  if (choice?.tool !== undefined) return { toolChoice: { tool: choice.tool.name } };
  return choice?.any !== undefined ? { toolChoice: 'any' } : {};
}

export function parseBedrockMessagesRequest(body: Record<string, unknown>, defaultMaxTokens: number): SimPrompt {
  const result = messagesRequestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SimError('invalid_request', `Malformed input request: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  const request = result.data;
  const last = request.messages[request.messages.length - 1];
  const lastIsPlainUserText = last.role === 'user' && last.content.every((block) => block.toolResult === undefined);
  const systemTexts = (request.system ?? []).flatMap((block) => (block.text === undefined ? [] : [block.text]));
  const thinkingBudgetTokens = thinkingBudgetOf(request.additionalModelRequestFields);
  return {
    texts: [...systemTexts, ...request.messages.flatMap((message) => message.content.flatMap(blockTexts))],
    maxTokens: request.inferenceConfig?.maxTokens ?? request.inferenceConfig?.max_new_tokens ?? defaultMaxTokens,
    firstToolName: request.toolConfig?.tools.find((tool) => tool.toolSpec !== undefined)?.toolSpec?.name,
    toolInputSchemas: toolInputSchemasOf((request.toolConfig?.tools ?? []).map((tool) => [tool.toolSpec?.name, tool.toolSpec?.inputSchema?.json])),
    ...toolChoiceOf(request.toolConfig?.toolChoice),
    ...(thinkingBudgetTokens === undefined ? {} : { thinkingBudgetTokens }),
    lastUserMessageMentionsWeather: lastIsPlainUserText
      && last.content.some((block) => block.text !== undefined && mentionsWeather(block.text)),
  };
}
