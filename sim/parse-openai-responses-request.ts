/**
 * An OpenAI Responses request body (`POST /v1/responses`) reduced to what the simulator needs, checked the way
 * OpenAI checks what tests rely on: a model, an input, a named tool choice that exists. Pure.
 */
import { z } from 'zod';
import { mentionsWeather, type SimPrompt, type SimToolChoice } from './sim-completion.js';
import { SimError } from './sim-error.js';
import { toolInputSchemasOf } from './sim-tool-arguments.js';

const partSchema = z.object({ type: z.string(), text: z.string().optional() }).passthrough();

const itemSchema = z.object({
  type: z.string().optional(),
  role: z.string().optional(),
  content: z.union([z.string(), z.array(partSchema)]).optional(),
  name: z.string().optional(),
  arguments: z.string().optional(),
  output: z.union([z.string(), z.array(partSchema)]).optional(),
}).passthrough();

const functionSchema = { type: z.string(), name: z.string().optional(), parameters: z.unknown().optional() };
const toolSchema = z.object({ ...functionSchema, tools: z.array(z.object(functionSchema).passthrough()).optional() }).passthrough();

const requestSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(itemSchema).min(1)]),
  instructions: z.string().nullish(),
  stream: z.boolean().nullish(),
  max_output_tokens: z.number().int().min(1).nullish(),
  tools: z.array(toolSchema).optional(),
  tool_choice: z.union([z.enum(['auto', 'none', 'required']), z.object({ type: z.string(), name: z.string().optional() }).passthrough()]).optional(),
  text: z.object({ format: z.object({ type: z.string(), schema: z.record(z.unknown()).optional() }).passthrough().optional() }).passthrough().optional(),
}).passthrough();

type ResponsesItem = z.infer<typeof itemSchema>;

export interface OpenAiResponsesRequest {
  model: string;
  stream: boolean;
  prompt: SimPrompt;
  /** `text.format`: the answer is JSON for this schema (`json_object`: any object). */
  responseSchema?: Record<string, unknown>;
  /** The namespace of each function declared inside a `namespace` tool. */
  namespaces: ReadonlyMap<string, string>;
  /** The request's members OpenAI echoes in the response object. */
  echo: Record<string, unknown>;
}

function partsText(content: ResponsesItem['content'] | ResponsesItem['output']): string[] {
  if (typeof content === 'string') return [content];
  return (content ?? []).flatMap((part) => (part.text === undefined ? [] : [part.text]));
}

function itemTexts(item: ResponsesItem): string[] {
  if (item.type === 'function_call') return [item.name ?? '', item.arguments ?? ''];
  if (item.type === 'function_call_output') return partsText(item.output);
  return partsText(item.content);
}

/** Function names in order, namespaced ones by their own name. */
function functionNames(tools: z.infer<typeof toolSchema>[]): { names: string[]; namespaces: Map<string, string> } {
  const names: string[] = [];
  const namespaces = new Map<string, string>();
  for (const tool of tools) {
    if (tool.type === 'function' && tool.name !== undefined) names.push(tool.name);
    if (tool.type === 'namespace' && tool.name !== undefined) {
      for (const inner of tool.tools ?? []) {
        if (inner.type === 'function' && inner.name !== undefined) {
          names.push(inner.name);
          namespaces.set(inner.name, tool.name);
        }
      }
    }
  }
  return { names, namespaces };
}

export function parseOpenAiResponsesRequest(body: Record<string, unknown>, defaultMaxTokens: number): OpenAiResponsesRequest {
  const result = requestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SimError('invalid_request', `Invalid request: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  const request = result.data;
  const items: ResponsesItem[] = typeof request.input === 'string' ? [{ role: 'user', content: request.input }] : request.input;
  const { names, namespaces } = functionNames(request.tools ?? []);
  const choice = request.tool_choice;
  const toolChoice: SimToolChoice | undefined = choice === undefined ? undefined
    : choice === 'required' ? 'any' : typeof choice === 'string' ? choice : choice.type === 'function' && choice.name !== undefined ? { tool: choice.name } : undefined;
  if (typeof toolChoice === 'object' && !names.includes(toolChoice.tool)) throw new SimError('invalid_request', `tool_choice.name: no function named "${toolChoice.tool}"`);
  const last = items[items.length - 1];
  const format = request.text?.format;
  return {
    model: request.model,
    stream: request.stream === true,
    namespaces,
    responseSchema: format?.type === 'json_schema' ? (format.schema ?? { type: 'object' }) : format?.type === 'json_object' ? { type: 'object' } : undefined,
    echo: {
      instructions: request.instructions ?? null,
      max_output_tokens: request.max_output_tokens ?? null,
      tools: request.tools ?? [],
      tool_choice: request.tool_choice ?? 'auto',
      text: request.text ?? { format: { type: 'text' } },
    },
    prompt: {
      texts: [...(request.instructions ? [request.instructions] : []), ...items.flatMap(itemTexts)],
      maxTokens: request.max_output_tokens ?? defaultMaxTokens,
      firstToolName: names[0],
      toolInputSchemas: toolInputSchemasOf((request.tools ?? []).flatMap((tool) => [tool, ...(tool.tools ?? [])]).filter((tool) => tool.type === 'function').map((tool) => [tool.name, tool.parameters])),
      lastUserMessageMentionsWeather: last !== undefined && last.role === 'user' && itemTexts(last).some(mentionsWeather),
      ...(toolChoice === undefined ? {} : { toolChoice }),
    },
  };
}
