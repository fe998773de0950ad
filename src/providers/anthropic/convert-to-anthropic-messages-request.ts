/**
 * Canonical request -> Anthropic Messages body (`model` and `stream` added by the caller's options) and the
 * `anthropic-beta` list. System and messages block by block, client tools with `cache_control` from their cache
 * points and `strict`, server tools and unknown members from `providerOptions.anthropic` passed back as they came,
 * the tool choice (`parallelToolCalls: false` as `disable_parallel_tool_use`), a thinking budget (an effort becomes
 * the budget for it), a JSON schema response format as `output_config.format` (merged into an `output_config`
 * passed back), `metadata.user_id`, `service_tier`. Settings Messages has no member for (seed, several choices,
 * logprobs, string metadata, other providers' options) are not in the provider's capabilities, so they reach here
 * only when the operator allowed dropping them: they are left out. A value Messages cannot hold (JSON mode without
 * a schema, a temperature above 1) is an `invalid_request` naming it. `max_tokens` is required by Anthropic, so a
 * request without one gets `defaultMaxTokens`. Pure.
 */
import { GeorouteError } from '../../errors/error-catalog.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { InferenceReasoning, InferenceResponseFormat, InferenceSettings } from '../../inference/inference-settings.js';
import type { InferenceTool, InferenceToolChoice } from '../../inference/inference-tools.js';
import { THINKING_BUDGET_FOR_EFFORT } from '../../inference/inference-reasoning-budget.js';
import type { AnthropicBlock, AnthropicToolDefinition } from '../../surfaces/anthropic-messages/anthropic-messages-types.js';
import { assistantBlocks, cacheControlOf, systemBlocks, userBlocks } from '../../surfaces/anthropic-messages/convert-inference-parts-to-anthropic-blocks.js';

export interface AnthropicRequestOptions {
  model: string;
  stream: boolean;
  /** `max_tokens` when the canonical request has no limit (Anthropic requires one). */
  defaultMaxTokens: number;
}

export interface AnthropicMessagesRequest {
  body: Record<string, unknown>;
  /** For the `anthropic-beta` header; empty when none. */
  betas: string[];
}

function cannot(what: string, param: string): GeorouteError {
  return new GeorouteError('invalid_request', `${what} cannot be expressed in an Anthropic Messages request.`, { param });
}

const SERVICE_TIERS: Readonly<Record<string, string>> = { auto: 'auto', default: 'standard_only' };
/** The Messages API takes temperatures from 0 to 1. */
export const ANTHROPIC_MAX_TEMPERATURE = 1;

/** Whether the Messages API has a tier for the canonical one (`auto`, `default`). */
export function hasAnthropicServiceTier(tier: string): boolean {
  return Object.hasOwn(SERVICE_TIERS, tier);
}

function toolsOf(tools: readonly InferenceTool[], serverTools: unknown): unknown[] {
  const out: Array<AnthropicToolDefinition | Record<string, unknown>> = [];
  tools.forEach((tool, k) => {
    if (tool.type === 'cache-point') {
      const target = out[out.length - 1];
      if (target === undefined) throw cannot('A tool cache point with no tool before it', `tools[${k}]`);
      target.cache_control = cacheControlOf(tool);
      return;
    }
    out.push({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      input_schema: tool.inputSchema,
      ...(tool.strict === true ? { strict: true } : {}),
    });
  });
  return [...out, ...(Array.isArray(serverTools) ? serverTools : [])];
}

function toolChoiceOf(choice: InferenceToolChoice | undefined, parallel: boolean | undefined): Record<string, unknown> | undefined {
  const disable = parallel === false ? { disable_parallel_tool_use: true } : {};
  switch (choice?.type) {
    case undefined:
      return parallel === false ? { type: 'auto', ...disable } : undefined;
    case 'auto':
      return { type: 'auto', ...disable };
    case 'required':
      return { type: 'any', ...disable };
    case 'tool':
      return { type: 'tool', name: choice.name, ...disable };
    case 'none':
      if (parallel === false) throw cannot('Disabling parallel tool calls with tool choice "none"', 'parallelToolCalls');
      return { type: 'none' };
  }
}

function thinkingOf(reasoning: InferenceReasoning): Record<string, unknown> {
  if (reasoning.type === 'disabled') return { type: 'disabled' };
  return { type: 'enabled', budget_tokens: reasoning.budgetTokens ?? THINKING_BUDGET_FOR_EFFORT[reasoning.effort ?? 'medium'] };
}

/**
 * Anthropic's format is a schema and nothing else: the name and description are kept in it as `title` and
 * `description` where it has none, and its answer always matches (a non-strict request gets at least what it asked).
 */
function outputFormatOf(format: InferenceResponseFormat): Record<string, unknown> | undefined {
  if (format.type === 'text') return undefined;
  if (format.type === 'json') throw cannot('JSON mode without a schema', 'responseFormat');
  const schema: Record<string, unknown> = { ...format.schema };
  if (schema.title === undefined) schema.title = format.name;
  if (schema.description === undefined && format.description !== undefined) schema.description = format.description;
  return { type: 'json_schema', schema };
}

function refuseInexpressible(settings: InferenceSettings): void {
  if (settings.temperature !== undefined && settings.temperature > ANTHROPIC_MAX_TEMPERATURE) throw cannot(`A temperature above ${ANTHROPIC_MAX_TEMPERATURE}`, 'temperature');
}

function messagesOf(request: InferenceRequest): Array<{ role: string; content: AnthropicBlock[] }> {
  const messages: Array<{ role: string; content: AnthropicBlock[] }> = [];
  request.messages.forEach((message, i) => {
    const before = messages[messages.length - 1]?.content.at(-1);
    const location = `messages[${i}].content`;
    const content = message.role === 'user' ? userBlocks(message.content, location, before) : assistantBlocks(message.content, location, before);
    messages.push({ role: message.role, content });
  });
  return messages;
}

export function convertToAnthropicMessagesRequest(request: InferenceRequest, options: AnthropicRequestOptions): AnthropicMessagesRequest {
  const { settings } = request;
  refuseInexpressible(settings);
  const { serverTools, anthropic_beta: betas, ...passed } = request.providerOptions?.anthropic ?? {};
  const body: Record<string, unknown> = {
    ...passed,
    model: options.model,
    max_tokens: settings.maxOutputTokens ?? options.defaultMaxTokens,
    messages: messagesOf(request),
  };
  if (request.system.length > 0) body.system = systemBlocks(request.system);
  if (settings.temperature !== undefined) body.temperature = settings.temperature;
  if (settings.topP !== undefined) body.top_p = settings.topP;
  if (settings.topK !== undefined) body.top_k = settings.topK;
  if (settings.stopSequences !== undefined) body.stop_sequences = [...settings.stopSequences];
  if (settings.user !== undefined) body.metadata = { user_id: settings.user };
  if (settings.reasoning !== undefined) body.thinking = thinkingOf(settings.reasoning);
  const format = settings.responseFormat === undefined ? undefined : outputFormatOf(settings.responseFormat);
  if (format !== undefined) {
    const passedConfig = passed.output_config;
    body.output_config = { ...(typeof passedConfig === 'object' && passedConfig !== null && !Array.isArray(passedConfig) ? passedConfig : {}), format };
  }
  if (settings.serviceTier !== undefined) {
    const tier = SERVICE_TIERS[settings.serviceTier];
    if (tier === undefined) throw cannot(`Service tier "${settings.serviceTier}"`, 'serviceTier');
    body.service_tier = tier;
  }
  const tools = toolsOf(request.tools ?? [], serverTools);
  if (tools.length > 0) body.tools = tools;
  const toolChoice = toolChoiceOf(request.toolChoice, settings.parallelToolCalls);
  if (toolChoice !== undefined) body.tool_choice = toolChoice;
  if (options.stream) body.stream = true;
  const betaList = Array.isArray(betas) ? betas.filter((beta): beta is string => typeof beta === 'string' && beta !== '') : [];
  return { body, betas: betaList };
}
