/**
 * The OpenAI Responses request (`POST /v1/responses`) georoute accepts, checked with zod. Input items and tools of
 * types the gateway cannot convert are kept as they are (`unknownItem`, `otherTool`): a deployment that speaks the
 * Responses API itself can still take them, and the converter refuses them by name for every other one. A member
 * the Responses API does not have is a 400 naming it, as OpenAI answers: at the top level and inside every input
 * item and content part of a known type (`Unknown parameter: 'input[1].metadata'.`), every function and namespace
 * tool, a function `tool_choice` and a `text.format`, since a converted request would otherwise lose it without a
 * word. The members allowed are those of the openai SDK's types (`ResponseInputItem`, `FunctionTool`,
 * `NamespaceTool`, `ToolChoiceFunction`, the text formats; node_modules/openai/resources/responses/responses.d.ts);
 * members the converter does not read stay allowed.
 */
import { z } from 'zod';
import { GeorouteError } from '../../errors/error-catalog.js';
import { formatFieldPath, parseWireBody } from '../../server/parse-wire-body.js';

/** `prompt_cache_breakpoint`: the exact end of a reusable prompt prefix (a canonical cache point after the part). */
const cacheBreakpoint = z.object({ mode: z.literal('explicit') }).strict().nullish();

// Nulls are read as absent wherever the openai SDK's types allow them (a function_call_output's parts allow more).
const inputText = z.object({ type: z.literal('input_text'), text: z.string(), prompt_cache_breakpoint: cacheBreakpoint }).strict();
const inputImage = z.object({
  type: z.literal('input_image'),
  image_url: z.string().min(1).nullish(),
  file_id: z.string().nullish(),
  detail: z.enum(['auto', 'low', 'high', 'original']).nullish(),
  prompt_cache_breakpoint: cacheBreakpoint,
}).strict();
const inputFile = z.object({
  type: z.literal('input_file'),
  file_data: z.string().nullish(),
  file_url: z.string().nullish(),
  file_id: z.string().nullish(),
  filename: z.string().nullish(),
  detail: z.enum(['auto', 'low', 'high']).nullish(),
  prompt_cache_breakpoint: cacheBreakpoint,
}).strict();
/** `annotations` and `logprobs` are what an answer carried (this gateway's or a Responses upstream's): echoed back, never read. */
const outputText = z.object({
  type: z.literal('output_text'),
  text: z.string(),
  annotations: z.array(z.object({ type: z.string().min(1) }).passthrough()).optional(),
  logprobs: z.array(z.record(z.unknown())).optional(),
}).strict();
const refusal = z.object({ type: z.literal('refusal'), refusal: z.string() }).strict();
/** Audio has no canonical part (the converter names it): only a Responses upstream reads its values, so they are its to judge. */
const inputAudio = z.object({ type: z.literal('input_audio'), input_audio: z.object({ data: z.string(), format: z.string() }).strict() }).strict();

export const inputContentPart = z.discriminatedUnion('type', [inputText, inputImage, inputFile, inputAudio]);
const messageContentPart = z.discriminatedUnion('type', [inputText, inputImage, inputFile, inputAudio, outputText, refusal]);

const messageItem = z.object({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(messageContentPart)]),
  id: z.string().nullish(),
  status: z.string().nullish(),
  phase: z.string().nullish(),
}).strict();

/** Who called a function: the model itself (`direct`, what every canonical tool call is) or a program it ran. */
const caller = z.discriminatedUnion('type', [
  z.object({ type: z.literal('direct') }).strict(),
  z.object({ type: z.literal('program'), caller_id: z.string() }).strict(),
]).nullish();

const functionCallItem = z.object({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  namespace: z.string().optional(),
  caller,
  id: z.string().nullish(),
  status: z.string().nullish(),
}).strict();

const functionCallOutputItem = z.object({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(inputContentPart)]),
  caller,
  id: z.string().nullish(),
  status: z.string().nullish(),
}).strict();

const reasoningItem = z.object({
  type: z.literal('reasoning'),
  id: z.string().nullish(),
  summary: z.array(z.object({ type: z.literal('summary_text'), text: z.string() }).strict()).default([]),
  content: z.array(z.object({ type: z.literal('reasoning_text'), text: z.string() }).strict()).nullish(),
  encrypted_content: z.string().nullish(),
  status: z.string().nullish(),
}).strict();

/** The SDK lets an item_reference leave its `type` out (or null); it is told from a message by having no `role`. */
const itemReference = z.object({ type: z.literal('item_reference').nullish(), id: z.string().min(1) })
  .strict()
  .transform((item) => ({ ...item, type: 'item_reference' as const }));

/**
 * Any other item type (`web_search_call`, `computer_call_output`, `mcp_call`, ...): only a Responses upstream takes
 * it. Tagged `other` so that it cannot be mistaken for a known type; the body itself is forwarded untouched.
 */
const unknownItem = z.object({ type: z.string().min(1) }).passthrough().transform((item) => ({ type: 'other' as const, itemType: item.type }));

/**
 * Picks the schema by the member that names the variant (`type`; `untyped` picks one when it is absent or null), so
 * that a known variant with a bad member is reported there, not swallowed by the catch-all. The variant is parsed at
 * the value's own path, so an issue deep inside it (a union's branches too) names the whole path (`input[2].content[0].detail`).
 */
function byType<K extends string, S extends z.ZodTypeAny, O extends z.ZodTypeAny>(known: Record<K, S>, fallback: O, untyped?: (value: object) => S) {
  return z.unknown().transform((value, ctx): z.output<S> | z.output<O> => {
    const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
    const type = object === undefined ? undefined : (object as { type?: unknown }).type;
    const schema: z.ZodTypeAny = typeof type === 'string' && type in known ? known[type as K]
      : (type === undefined || type === null) && object !== undefined && untyped ? untyped(object) : fallback;
    const result = schema.safeParse(value, { path: ctx.path });
    if (result.success) return result.data as z.output<S> | z.output<O>;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: issue.path.slice(ctx.path.length) });
    return z.NEVER;
  });
}

const inputItem = byType(
  { message: messageItem, function_call: functionCallItem, function_call_output: functionCallOutputItem, reasoning: reasoningItem, item_reference: itemReference },
  unknownItem,
  (item) => ('role' in item || !('id' in item) ? messageItem : itemReference),
);

const functionName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'a function name is 1 to 64 letters, digits, underscores or dashes');

/** What a function tool may say besides its schema (programmatic tool calling and tool search, at OpenAI). */
const functionToolExtras = {
  allowed_callers: z.array(z.enum(['direct', 'programmatic'])).nullish(),
  defer_loading: z.boolean().nullish(),
  output_schema: z.record(z.unknown()).nullish(),
};

const functionTool = z.object({
  type: z.literal('function'),
  name: functionName,
  description: z.string().nullish(),
  parameters: z.record(z.unknown()).nullish(),
  strict: z.boolean().nullish(),
  ...functionToolExtras,
}).strict();

/** A function of a namespace: the SDK types its `parameters` as any value; one that is no object only a Responses upstream judges. */
const namespaceFunction = functionTool.extend({ parameters: z.unknown() });

/** Built-in tools (`web_search`, `file_search`, `code_interpreter`, ...) and `custom` tools, tagged like `unknownItem`. */
const otherTool = z.object({ type: z.string().min(1) }).passthrough().transform((tool) => ({ type: 'other' as const, toolType: tool.type }));

const namespaceTool = z.object({
  type: z.literal('namespace'),
  name: functionName,
  description: z.string().nullish(),
  tools: z.array(byType({ function: namespaceFunction }, otherTool)),
}).strict();

const tool = byType({ function: functionTool, namespace: namespaceTool }, otherTool);

// `namespace` names a function of a namespace tool (the converter reads it); the SDK's type lacks it.
const functionChoice = z.object({ type: z.literal('function'), name: z.string().min(1), namespace: z.string().optional() }).strict();
const otherChoice = z.object({ type: z.string().min(1) }).passthrough().transform((choice) => ({ type: 'other' as const, choiceType: choice.type }));
const toolChoice = z.union([z.enum(['none', 'auto', 'required']), byType({ function: functionChoice }, otherChoice)]);

const textFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }).strict(),
  z.object({ type: z.literal('json_object') }).strict(),
  z.object({
    type: z.literal('json_schema'),
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'a schema name is 1 to 64 letters, digits, underscores or dashes'),
    schema: z.record(z.unknown()),
    description: z.string().optional(),
    strict: z.boolean().nullish(),
  }).strict(),
]);

export const responsesRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(inputItem)]).optional(),
  instructions: z.string().nullish(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.object({ format: textFormat.optional(), verbosity: z.enum(['low', 'medium', 'high']).nullish() }).strict().optional(),
  reasoning: z.object({
    effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).nullish(),
    summary: z.enum(['auto', 'concise', 'detailed']).nullish(),
    generate_summary: z.enum(['auto', 'concise', 'detailed']).nullish(),
    context: z.enum(['auto', 'current_turn', 'all_turns']).nullish(),
    mode: z.string().min(1).nullish(),
  }).strict().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  max_tool_calls: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  metadata: z.record(z.string().max(512)).nullish(),
  store: z.boolean().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_obfuscation: z.boolean().optional() }).strict().nullish(),
  previous_response_id: z.string().min(1).nullish(),
  include: z.array(z.string()).nullish(),
  user: z.string().optional(),
  safety_identifier: z.string().nullish(),
  service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullish(),
  truncation: z.enum(['auto', 'disabled']).nullish(),
  prompt_cache_key: z.string().nullish(),
  prompt_cache_retention: z.string().nullish(),
  /** Codex sends its turn metadata here; it is the client's bookkeeping, not a generation setting. */
  client_metadata: z.record(z.unknown()).nullish(),
  background: z.boolean().nullish(),
  conversation: z.unknown().optional(),
  prompt: z.unknown().optional(),
  context_management: z.unknown().optional(),
  prompt_cache_options: z.unknown().optional(),
  moderation: z.unknown().optional(),
}).strict();

export type ResponsesRequest = z.output<typeof responsesRequestSchema>;
export type ResponsesInputItem = z.output<typeof inputItem>;
export type ResponsesMessageItem = z.output<typeof messageItem>;
export type ResponsesFunctionCallItem = z.output<typeof functionCallItem>;
export type ResponsesFunctionCallOutputItem = z.output<typeof functionCallOutputItem>;
export type ResponsesReasoningItem = z.output<typeof reasoningItem>;
export type ResponsesInputContentPart = z.output<typeof inputContentPart>;
export type ResponsesMessageContentPart = z.output<typeof messageContentPart>;
export type ResponsesTool = NonNullable<ResponsesRequest['tools']>[number];
export type ResponsesFunctionTool = z.output<typeof functionTool>;
export type ResponsesNamespaceTool = z.output<typeof namespaceTool>;
export type ResponsesNamespaceFunction = z.output<typeof namespaceFunction>;
export type ResponsesToolChoice = z.output<typeof toolChoice>;

/**
 * An unknown member anywhere (the top level, `reasoning`, `text`, `stream_options`, an input item or part), worded as
 * OpenAI words it, with its whole path as `param` (`input[0].content[2].foo`, `reasoning.budget`).
 */
function unknownParameter(issue: z.ZodIssue): GeorouteError | undefined {
  if (issue.code !== z.ZodIssueCode.unrecognized_keys) return undefined;
  const param = formatFieldPath([...issue.path, ...issue.keys.slice(0, 1)]);
  return new GeorouteError('unknown_parameter', `Unknown parameter: '${param}'.`, { param });
}

/** Parses a Responses body or throws `invalid_request` (`unknown_parameter` for a member it lacks) naming the first offending member (`input[2].call_id`). */
export function parseResponsesRequest(body: unknown): ResponsesRequest {
  return parseWireBody(responsesRequestSchema, body, unknownParameter);
}
