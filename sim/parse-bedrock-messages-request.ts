/**
 * A Bedrock Converse body, or an Amazon Nova native InvokeModel body (the same messages/system/inferenceConfig/
 * toolConfig shape), reduced to what the simulator needs. Unknown content blocks are tolerated. Pure.
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
  return {
    texts: [...systemTexts, ...request.messages.flatMap((message) => message.content.flatMap(blockTexts))],
    maxTokens: request.inferenceConfig?.maxTokens ?? request.inferenceConfig?.max_new_tokens ?? defaultMaxTokens,
    firstToolName: request.toolConfig?.tools.find((tool) => tool.toolSpec !== undefined)?.toolSpec?.name,
    toolInputSchemas: toolInputSchemasOf((request.toolConfig?.tools ?? []).map((tool) => [tool.toolSpec?.name, tool.toolSpec?.inputSchema?.json])),
    ...toolChoiceOf(request.toolConfig?.toolChoice),
    lastUserMessageMentionsWeather: lastIsPlainUserText
      && last.content.some((block) => block.text !== undefined && mentionsWeather(block.text)),
  };
}
