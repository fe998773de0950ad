/**
 * A canonical request as an Azure OpenAI chat-completions body. The v1 URL style names the deployment in `model`;
 * the deployments style names it in the path, so `model` is left out. A reasoning budget becomes
 * `reasoning_effort` (Azure's reasoning models take an effort, not a budget). Streams always ask for usage. Pure.
 */
import type { JsonObject } from '../../inference/inference-json.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { InferenceReasoning, InferenceResponseFormat } from '../../inference/inference-settings.js';
import type { InferenceTool, InferenceToolChoice } from '../../inference/inference-tools.js';
import { convertToAzureChatMessages } from './convert-to-azure-chat-messages.js';

export interface AzureChatRequestOptions {
  /** The Azure deployment name, sent as `model` only in the v1 URL style. */
  model?: string;
  stream: boolean;
}

function tools(list: readonly InferenceTool[]): JsonObject[] {
  return list.flatMap((tool): JsonObject[] => tool.type !== 'function' ? [] : [{
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.inputSchema,
      ...(tool.strict === undefined ? {} : { strict: tool.strict }),
    },
  }]);
}

function toolChoice(choice: InferenceToolChoice): JsonObject | string {
  return choice.type === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.type;
}

function responseFormat(format: InferenceResponseFormat): JsonObject {
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json') return { type: 'json_object' };
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name,
      ...(format.description === undefined ? {} : { description: format.description }),
      schema: format.schema,
      ...(format.strict === undefined ? {} : { strict: format.strict }),
    },
  };
}

/** A budget as an effort: the buckets OpenAI documents for its reasoning models. */
export function reasoningEffort(reasoning: InferenceReasoning): string | undefined {
  if (reasoning.type === 'disabled') return undefined;
  if (reasoning.effort !== undefined) return reasoning.effort;
  const budget = reasoning.budgetTokens;
  if (budget === undefined) return 'medium';
  return budget <= 1024 ? 'low' : budget <= 8192 ? 'medium' : 'high';
}

export function convertToAzureChatRequest(request: InferenceRequest, options: AzureChatRequestOptions): JsonObject {
  const s = request.settings;
  const body: JsonObject = {
    ...(options.model === undefined ? {} : { model: options.model }),
    messages: convertToAzureChatMessages(request.system, request.messages),
  };
  const functionTools = request.tools === undefined ? [] : tools(request.tools);
  if (functionTools.length > 0) body.tools = functionTools;
  if (request.toolChoice !== undefined && functionTools.length > 0) body.tool_choice = toolChoice(request.toolChoice);
  if (s.maxOutputTokens !== undefined) body.max_completion_tokens = s.maxOutputTokens;
  if (s.temperature !== undefined) body.temperature = s.temperature;
  if (s.topP !== undefined) body.top_p = s.topP;
  if (s.stopSequences !== undefined) body.stop = s.stopSequences;
  if (s.seed !== undefined) body.seed = s.seed;
  if (s.choiceCount !== undefined) body.n = s.choiceCount;
  if (s.logprobs !== undefined) {
    body.logprobs = true;
    body.top_logprobs = s.logprobs.topLogprobs;
  }
  if (s.parallelToolCalls !== undefined && functionTools.length > 0) body.parallel_tool_calls = s.parallelToolCalls;
  if (s.responseFormat !== undefined) body.response_format = responseFormat(s.responseFormat);
  const effort = s.reasoning === undefined ? undefined : reasoningEffort(s.reasoning);
  if (effort !== undefined) body.reasoning_effort = effort;
  if (s.user !== undefined) body.user = s.user;
  if (options.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}
