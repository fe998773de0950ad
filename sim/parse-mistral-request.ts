/**
 * Mistral's chat InvokeModel body (`{messages, tools?, tool_choice?: auto|any|none, max_tokens?, temperature?,
 * top_p?}`) reduced to what the simulator needs: the texts in order (message content, tool calls' names and
 * arguments, tool results; empty content adds nothing), the output limit, and the tools: `any` always calls the
 * first tool, `none` never, `auto` (or absent) only when the last message is the user's and mentions the weather.
 * Members AWS does not document are tolerated, as the gateway relays them. Pure.
 */
import { z } from 'zod';
import { mentionsWeather, type SimPrompt } from './sim-completion.js';
import { SimError } from './sim-error.js';
import { toolInputSchemasOf } from './sim-tool-arguments.js';

const partSchema = z.object({ type: z.string(), text: z.string().optional() }).passthrough();
const contentSchema = z.union([z.string(), z.array(partSchema), z.null()]).optional();

const mistralRequestSchema = z.object({
  messages: z.array(z.object({
    role: z.enum(['system', 'user', 'assistant', 'tool']),
    content: contentSchema,
    tool_calls: z.array(z.object({
      id: z.string(),
      function: z.object({ name: z.string(), arguments: z.union([z.string(), z.record(z.unknown())]) }).passthrough(),
    }).passthrough()).optional(),
  }).passthrough()).min(1),
  tools: z.array(z.object({
    function: z.object({ name: z.string(), parameters: z.unknown().optional() }).passthrough(),
  }).passthrough()).optional(),
  tool_choice: z.enum(['auto', 'any', 'none']).optional(),
  max_tokens: z.number().int().min(1).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
}).passthrough();

type MistralSimMessage = z.infer<typeof mistralRequestSchema>['messages'][number];

/** `mistral.mistral-large-2407-v1:0`, `eu.mistral.pixtral-large-2502-v1:0`, or an ARN ending in one. */
export function isMistralModelId(modelId: string | undefined): boolean {
  return modelId !== undefined && /(^|[./:])mistral\./.test(modelId);
}

function messageTexts(message: MistralSimMessage): string[] {
  const content = message.content;
  const texts = typeof content === 'string' ? [content] : (content ?? []).flatMap((part) => (part.type === 'text' && part.text !== undefined ? [part.text] : []));
  for (const call of message.tool_calls ?? []) {
    const args = call.function.arguments;
    texts.push(call.function.name, typeof args === 'string' ? args : JSON.stringify(args));
  }
  return texts.filter((text) => text !== '');
}

export function parseMistralRequest(body: Record<string, unknown>, defaultMaxTokens: number): SimPrompt {
  const result = mistralRequestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SimError('invalid_request', `Malformed input request: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  const request = result.data;
  const last = request.messages[request.messages.length - 1];
  const tools = request.tools ?? [];
  return {
    texts: request.messages.flatMap(messageTexts),
    maxTokens: request.max_tokens ?? defaultMaxTokens,
    firstToolName: tools[0]?.function.name,
    toolInputSchemas: toolInputSchemasOf(tools.map((tool) => [tool.function.name, tool.function.parameters])),
    ...(request.tool_choice === undefined ? {} : { toolChoice: request.tool_choice }),
    lastUserMessageMentionsWeather: last.role === 'user' && messageTexts(last).some(mentionsWeather),
  };
}
