/**
 * Canonical setting names in the Responses wire's words, for the 400 that names what no deployment can honour.
 * What only a deployment speaking the Responses API itself can honour (built-in tools, item types the canonical
 * model has no part for, `text.verbosity`, ...) travels in the provider-options namespace `openai-responses`,
 * one member per feature, so the no-silent-drops check refuses it for every converted path by name.
 */
import type { InferenceSettingName } from '../../inference/inference-settings.js';

/** The provider-options namespace of Responses-only features. */
export const RESPONSES_ONLY_NAMESPACE = 'openai-responses';

const NAMES: Readonly<Partial<Record<InferenceSettingName, string>>> = {
  topP: 'top_p',
  topK: 'top_k',
  stopSequences: 'stop',
  choiceCount: 'n',
  logprobs: 'top_logprobs',
  parallelToolCalls: 'parallel_tool_calls',
  responseFormat: 'text.format',
  reasoning: 'reasoning',
  serviceTier: 'service_tier',
  user: 'safety_identifier',
  toolChoice: 'tool_choice',
  images: 'input_image',
  documents: 'input_file',
  mediaUrls: 'input_image.image_url',
  toolResultMedia: 'function_call_output.output',
  reasoningContent: 'reasoning items in input',
  cachePoints: 'prompt_cache_breakpoint',
};

/** Member names of the `openai-responses` namespace that are wire parameters of their own. */
const MEMBER_NAMES: Readonly<Record<string, string>> = {
  text_verbosity: 'text.verbosity',
  reasoning_effort_xhigh: 'reasoning.effort "xhigh"',
  reasoning_effort_max: 'reasoning.effort "max"',
  reasoning_summary: 'reasoning.summary "concise"',
  reasoning_generate_summary: 'reasoning.generate_summary "concise"',
  reasoning_context: 'reasoning.context',
  reasoning_mode: 'reasoning.mode',
  input_image_file_id: 'input_image.file_id',
  input_file_file_id: 'input_file.file_id',
  image_detail_original: 'input_image.detail "original"',
  file_detail: 'input_file.detail',
  assistant_media: 'input_image or input_file in an assistant message',
  system_media: 'input_image or input_file in a system or developer message',
  function_output_cache_breakpoint: 'prompt_cache_breakpoint in a function_call_output',
  message_phase: 'phase',
  caller_program: 'caller (program)',
  function_allowed_callers: 'tools[].allowed_callers',
  function_defer_loading: 'tools[].defer_loading',
  function_output_schema: 'tools[].output_schema',
  namespace_function_parameters: 'tools[].tools[].parameters that is not an object',
  user_beside_safety_identifier: 'user (beside a different safety_identifier)',
  tool_choice_allowed_tools: 'tool_choice (allowed_tools)',
};

/** The member of a Responses-only feature: `tool_web_search` for tools, `input_web_search_call` for items. */
export function responsesOnlyMember(kind: 'tool' | 'input' | 'tool_choice', type: string): string {
  return `${kind}_${type}`;
}

function describeMember(member: string): string {
  const known = MEMBER_NAMES[member];
  if (known !== undefined) return known;
  if (member.startsWith('tool_choice_')) return `tool_choice of type "${member.slice('tool_choice_'.length)}"`;
  // Built-in tools (web_search, file_search, code_interpreter, ...) run at OpenAI, not in the model: only a deployment
  // that speaks the Responses API itself can take them.
  if (member.startsWith('tool_')) return `tools of type "${member.slice('tool_'.length)}" (only a deployment that speaks the Responses API itself runs it)`;
  if (member.startsWith('input_')) return `input of type "${member.slice('input_'.length)}"`;
  return member;
}

export function responsesSettingName(setting: InferenceSettingName): string {
  const prefix = `providerOptions.${RESPONSES_ONLY_NAMESPACE}.`;
  if (setting.startsWith(prefix)) return describeMember(setting.slice(prefix.length));
  return NAMES[setting] ?? setting.split('.').pop() ?? setting;
}
