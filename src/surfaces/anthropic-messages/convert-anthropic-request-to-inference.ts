/**
 * An Anthropic Messages request (the `POST /v1/messages` body, or Claude's Bedrock InvokeModel body) -> the
 * canonical request. System and messages block by block (`convert-anthropic-blocks-to-inference.ts`), client tools
 * with their cache points and `strict`, the tool choice (`disable_parallel_tool_use` as `parallelToolCalls: false`),
 * reasoning (a thinking budget, adaptive thinking, and `output_config.effort` as its effort), structured output
 * (`output_config.format`, or the beta's `output_format`), `metadata.user_id` as the end user, `service_tier`
 * (`standard_only` is `default`).
 * Members with no canonical equivalent travel in `providerOptions.anthropic` (server tools, `anthropic_beta`,
 * fields this gateway does not know, what is left of `output_config`: an effort above `high`, or any effort when
 * thinking is disabled), so an Anthropic upstream gets them back and any other refuses them by name; so does a
 * thinking display of `omitted` and `between_tools` thinking (as uncarried content). Pure; the body is one the
 * request schema checked.
 */
import { asJsonObject, asJsonValue } from '../../inference/as-json-object.js';
import type { InferenceSystemPart } from '../../inference/inference-content-parts.js';
import type { JsonObject, JsonValue } from '../../inference/inference-json.js';
import type { InferenceMessage } from '../../inference/inference-messages.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { InferenceProviderOptions, InferenceReasoning, InferenceReasoningEffort, InferenceSettings } from '../../inference/inference-settings.js';
import type { InferenceTool, InferenceToolChoice } from '../../inference/inference-tools.js';
import { assistantPartsOf, cachePointOf, noteUncarried, userPartsOf, type Uncarried } from './convert-anthropic-blocks-to-inference.js';

/** Top-level members read into canonical ones; any other is passed through in `providerOptions.anthropic`. */
const CANONICAL_MEMBERS: ReadonlySet<string> = new Set([
  'model', 'stream', 'max_tokens', 'messages', 'system', 'metadata', 'stop_sequences', 'temperature', 'top_p', 'top_k',
  'tools', 'tool_choice', 'thinking', 'service_tier', 'anthropic_version', 'output_config', 'output_format',
]);

/** Anthropic's efforts that are canonical words; `xhigh` and `max` are `high`, the word itself kept for Anthropic. */
const CANONICAL_EFFORTS: ReadonlySet<string> = new Set(['low', 'medium', 'high']);

type Body = Readonly<Record<string, unknown>>;

function record(value: unknown): Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : {};
}

function blocksOf(content: unknown): Body[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content.map(record) : [];
}

function systemOf(system: unknown): InferenceSystemPart[] {
  return blocksOf(system ?? []).flatMap((block): InferenceSystemPart[] => [{ type: 'text', text: String(block.text ?? '') }, ...cachePointOf(block)]);
}

function toolsOf(tools: readonly Body[], serverTools: JsonValue[]): InferenceTool[] {
  const out: InferenceTool[] = [];
  for (const tool of tools) {
    if (tool.input_schema === undefined) {
      serverTools.push(asJsonValue(tool));
      continue;
    }
    out.push({
      type: 'function',
      name: String(tool.name),
      inputSchema: asJsonObject(record(tool.input_schema)),
      ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
      ...(tool.strict === true ? { strict: true } : {}),
    });
    out.push(...cachePointOf(tool));
  }
  return out;
}

function toolChoiceOf(choice: Body): InferenceToolChoice {
  if (choice.type === 'any') return { type: 'required' };
  if (choice.type === 'tool') return { type: 'tool', name: String(choice.name) };
  if (choice.type === 'none') return { type: 'none' };
  return { type: 'auto' };
}

/**
 * `thinking` and `output_config.effort` as one canonical reasoning: a budget or adaptive thinking is enabled
 * reasoning with the effort, if any; an effort alone is enabled reasoning of that effort (as Converse's
 * `outputConfig.effort`); disabled thinking is disabled reasoning, and its effort stays Anthropic's.
 */
function reasoningOf(body: Body): InferenceReasoning | undefined {
  const thinking = record(body.thinking);
  const raw = record(body.output_config).effort;
  const effort = typeof raw === 'string' ? { effort: (CANONICAL_EFFORTS.has(raw) ? raw : 'high') as InferenceReasoningEffort } : {};
  if (thinking.type === 'disabled') return { type: 'disabled' };
  if (thinking.type === 'enabled') return { type: 'enabled', budgetTokens: Number(thinking.budget_tokens), ...effort };
  if (thinking.type === 'adaptive' || 'effort' in effort) return { type: 'enabled', ...effort };
  return undefined;
}

/** What of `output_config` has no canonical member: the raw effort when it is not a canonical word or thinking is off. */
function outputConfigLeft(body: Body): JsonObject | undefined {
  const { format: _format, effort, ...rest } = record(body.output_config);
  const left: Record<string, unknown> = { ...rest };
  if (typeof effort === 'string' && (!CANONICAL_EFFORTS.has(effort) || record(body.thinking).type === 'disabled')) left.effort = effort;
  for (const [member, value] of Object.entries(left)) if (value === undefined || value === null) delete left[member];
  return Object.keys(left).length === 0 ? undefined : asJsonObject(left);
}

function settingsOf(body: Body): InferenceSettings {
  const settings: InferenceSettings = {};
  if (typeof body.max_tokens === 'number') settings.maxOutputTokens = body.max_tokens;
  if (typeof body.temperature === 'number') settings.temperature = body.temperature;
  if (typeof body.top_p === 'number') settings.topP = body.top_p;
  if (typeof body.top_k === 'number') settings.topK = body.top_k;
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 0) settings.stopSequences = body.stop_sequences.map(String);
  const userId = record(body.metadata).user_id;
  if (typeof userId === 'string') settings.user = userId;
  if (body.tool_choice !== undefined && record(body.tool_choice).disable_parallel_tool_use === true) settings.parallelToolCalls = false;
  const reasoning = reasoningOf(body);
  if (reasoning !== undefined) settings.reasoning = reasoning;
  const format = record(record(body.output_config).format ?? body.output_format);
  if (format.type === 'json_schema') {
    // Anthropic's format has no name and always constrains the answer: OpenAI's strict json_schema.
    settings.responseFormat = { type: 'json-schema', name: 'response', schema: asJsonObject(record(format.schema)), strict: true };
  }
  if (body.service_tier === 'auto') settings.serviceTier = 'auto';
  else if (body.service_tier === 'standard_only') settings.serviceTier = 'default';
  return settings;
}

function providerOptionsOf(body: Body, serverTools: JsonValue[], uncarried: Uncarried): InferenceProviderOptions | undefined {
  const anthropic: JsonObject = {};
  for (const [member, value] of Object.entries(body)) if (!CANONICAL_MEMBERS.has(member) && value !== undefined) anthropic[member] = asJsonValue(value);
  const outputConfig = outputConfigLeft(body);
  if (outputConfig !== undefined) anthropic.output_config = outputConfig;
  if (serverTools.length > 0) anthropic.serverTools = serverTools;
  const options: InferenceProviderOptions = {};
  if (Object.keys(anthropic).length > 0) options.anthropic = anthropic;
  if (uncarried.size > 0) options.anthropicContent = Object.fromEntries(uncarried);
  return Object.keys(options).length === 0 ? undefined : options;
}

/** Any checked Messages body (with or without `model` and `stream`) as a canonical request. */
export function convertAnthropicRequestToInference(body: Body): InferenceRequest {
  const uncarried: Uncarried = new Map();
  const serverTools: JsonValue[] = [];
  const messages = (Array.isArray(body.messages) ? body.messages : []).map((raw: unknown, i): InferenceMessage => {
    const message = record(raw);
    const blocks = blocksOf(message.content);
    const location = `messages[${i}].content`;
    return message.role === 'assistant'
      ? { role: 'assistant', content: assistantPartsOf(blocks, location, uncarried) }
      : { role: 'user', content: userPartsOf(blocks, location, uncarried) };
  });
  blocksOf(body.system ?? []).forEach((block, j) => {
    if (block.citations != null) noteUncarried(uncarried, 'citations', `system[${j}].citations`);
  });
  const thinking = record(body.thinking);
  if (thinking.display === 'omitted') noteUncarried(uncarried, 'thinking.display', 'thinking.display');
  if (thinking.type === 'between_tools') noteUncarried(uncarried, 'thinking', 'thinking.type');
  const request: InferenceRequest = { system: systemOf(body.system), messages, settings: settingsOf(body) };
  if (Array.isArray(body.tools)) request.tools = toolsOf(body.tools.map(record), serverTools);
  if (body.tool_choice !== undefined) request.toolChoice = toolChoiceOf(record(body.tool_choice));
  const providerOptions = providerOptionsOf(body, serverTools, uncarried);
  if (providerOptions !== undefined) request.providerOptions = providerOptions;
  return request;
}
