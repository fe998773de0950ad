/**
 * OpenAI Responses request -> canonical request (the surface's parse). `instructions` and system/developer
 * messages become `system` parts; `function_call` items become assistant tool calls and `function_call_output`
 * items tool results in the user turn; consecutive turns of one role merge. What the canonical model cannot carry
 * (built-in tools, other item types, `text.verbosity`, a reasoning summary, `phase`, ...) is listed in the
 * `openai-responses` provider options (`responses-only-features.ts`), so only a deployment that speaks the Responses
 * API itself may serve it and every other path is a 400 naming it. Nulls and documented defaults ask nothing.
 * `previous_response_id` and `item_reference` items are resolved before this (the response store). Pure.
 */
import { asJsonObject } from '../../inference/as-json-object.js';
import type { InferenceAssistantPart } from '../../inference/inference-content-parts.js';
import type { InferenceMessage } from '../../inference/inference-messages.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { InferenceSettings } from '../../inference/inference-settings.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import { assistantParts, systemParts, toolResultContent, userParts } from './convert-responses-content-parts.js';
import { convertResponsesToolChoice, convertResponsesTools } from './convert-responses-tools.js';
import type { ResponsesInputItem, ResponsesRequest } from './responses-request-schema.js';
import { ResponsesOnlyFeatures } from './responses-only-features.js';
import { RESPONSES_ONLY_NAMESPACE, responsesOnlyMember } from './responses-setting-names.js';
import type { ResponsesToolNames } from './responses-tool-names.js';

function append(messages: InferenceMessage[], message: InferenceMessage): void {
  const last = messages[messages.length - 1];
  if (last === undefined || last.role !== message.role) {
    messages.push(message);
  } else if (last.role === 'user' && message.role === 'user') {
    const merged = [...last.content, ...message.content];
    last.content = [...merged.filter((p) => p.type === 'tool-result'), ...merged.filter((p) => p.type !== 'tool-result')];
  } else if (last.role === 'assistant' && message.role === 'assistant') {
    last.content.push(...message.content);
  }
}

function reasoningPart(item: Extract<ResponsesInputItem, { type: 'reasoning' }>): InferenceAssistantPart | undefined {
  const texts = (item.content ?? []).map((c) => c.text);
  const text = (texts.length > 0 ? texts : item.summary.map((s) => s.text)).join('\n');
  const encrypted = typeof item.encrypted_content === 'string' ? item.encrypted_content : undefined;
  // Reasoning the model returned encrypted, with no text of its own, goes back as it came.
  if (text === '' && encrypted !== undefined) return { type: 'redacted-reasoning', data: encrypted };
  if (text === '') return undefined;
  return { type: 'reasoning', text, ...(encrypted === undefined ? {} : { signature: encrypted }) };
}

/** A function call made by a program the model ran (`caller.type: program`) has no canonical part: only OpenAI runs programs. */
function noteCaller(item: { caller?: { type: string } | null }, only: ResponsesOnlyFeatures, where: string): void {
  if (item.caller != null && item.caller.type !== 'direct') only.at('caller_program', `${where}.caller`);
}

function convertItem(request: InferenceRequest, item: ResponsesInputItem, index: number, names: ResponsesToolNames, only: ResponsesOnlyFeatures): void {
  const where = `input[${index}]`;
  if (!('type' in item) || item.type === undefined || item.type === 'message') {
    const message = item as Extract<ResponsesInputItem, { role: string }>;
    // `phase` (commentary or final answer) tells OpenAI's models how to read an earlier answer; no canonical turn has one.
    if (message.phase != null) only.at('message_phase', `${where}.phase`);
    if (message.role === 'system' || message.role === 'developer') request.system.push(...systemParts(message.content, only, where));
    else if (message.role === 'user') append(request.messages, { role: 'user', content: userParts(message.content, only, where) });
    else append(request.messages, { role: 'assistant', content: assistantParts(message.content, only, where) });
    return;
  }
  switch (item.type) {
    case 'function_call':
      noteCaller(item, only, where);
      append(request.messages, { role: 'assistant', content: [{ type: 'tool-call', id: item.call_id, name: names.toCanonical(item.name, item.namespace), input: item.arguments }] });
      return;
    case 'function_call_output':
      noteCaller(item, only, where);
      append(request.messages, { role: 'user', content: [{ type: 'tool-result', toolCallId: item.call_id, content: toolResultContent(item.output, only, where) }] });
      return;
    case 'reasoning': {
      const part = reasoningPart(item);
      if (part !== undefined) append(request.messages, { role: 'assistant', content: [part] });
      return;
    }
    case 'item_reference':
      throw new GeorouteError('invalid_request', `${where}: an item_reference needs the response store, which this gateway does not keep (responses.store); send the item itself.`, { param: where });
    case 'other':
      only.add(responsesOnlyMember('input', item.itemType));
  }
}

/**
 * `reasoning`: an effort with a canonical word, or none; above `high` (`xhigh`, `max`) only OpenAI's models reason.
 * A summary as detailed as there is (`auto`, `detailed`) is the reasoning itself, rendered as the summary
 * (`summarizesReasoning`); a `concise` one is never produced here, so it is Responses-only, as are a context other
 * than `auto` (the default) and a `mode`.
 */
function reasoningOf(reasoning: ResponsesRequest['reasoning'], settings: InferenceSettings, only: ResponsesOnlyFeatures): void {
  if (reasoning == null) return;
  const effort = reasoning.effort;
  if (effort === 'none') settings.reasoning = { type: 'disabled' };
  else if (effort === 'xhigh' || effort === 'max') only.add(`reasoning_effort_${effort}`);
  else if (effort != null) settings.reasoning = { type: 'enabled', effort };
  if (reasoning.summary === 'concise') only.add('reasoning_summary', reasoning.summary);
  if (reasoning.generate_summary === 'concise') only.add('reasoning_generate_summary', reasoning.generate_summary);
  if (reasoning.context != null && reasoning.context !== 'auto') only.add('reasoning_context', reasoning.context);
  if (reasoning.mode != null) only.add('reasoning_mode', reasoning.mode);
}

/** `safety_identifier` (or the older `user`) is the canonical end-user id; a different `user` beside it has no place. */
function userOf(request: ResponsesRequest, settings: InferenceSettings, only: ResponsesOnlyFeatures): void {
  const identifier = typeof request.safety_identifier === 'string' && request.safety_identifier !== '' ? request.safety_identifier : undefined;
  const user = typeof request.user === 'string' && request.user !== '' ? request.user : undefined;
  if (identifier !== undefined) settings.user = identifier;
  else if (user !== undefined) settings.user = user;
  if (identifier !== undefined && user !== undefined && user !== identifier) only.add('user_beside_safety_identifier', user);
}

function settingsOf(request: ResponsesRequest, only: ResponsesOnlyFeatures): InferenceSettings {
  const settings: InferenceSettings = {};
  if (typeof request.max_output_tokens === 'number') settings.maxOutputTokens = request.max_output_tokens;
  if (typeof request.temperature === 'number') settings.temperature = request.temperature;
  if (typeof request.top_p === 'number') settings.topP = request.top_p;
  const wantsLogprobs = request.include?.includes('message.output_text.logprobs') === true;
  if (wantsLogprobs || (typeof request.top_logprobs === 'number' && request.top_logprobs > 0)) settings.logprobs = { topLogprobs: request.top_logprobs ?? 0 };
  // `true` is the Responses default (the model may call several tools); only `false` asks something of the upstream.
  if (request.parallel_tool_calls === false) settings.parallelToolCalls = false;
  const format = request.text?.format;
  if (format?.type === 'text') settings.responseFormat = { type: 'text' };
  else if (format?.type === 'json_object') settings.responseFormat = { type: 'json' };
  else if (format?.type === 'json_schema') {
    settings.responseFormat = {
      type: 'json-schema',
      name: format.name,
      schema: asJsonObject(format.schema),
      ...(format.description === undefined ? {} : { description: format.description }),
      ...(typeof format.strict === 'boolean' ? { strict: format.strict } : {}),
    };
  }
  if (request.text?.verbosity != null && request.text.verbosity !== 'medium') only.add('text_verbosity', request.text.verbosity);
  reasoningOf(request.reasoning, settings, only);
  // `auto` is the default tier: it asks nothing of the upstream.
  if (request.service_tier != null && request.service_tier !== 'auto') settings.serviceTier = request.service_tier;
  userOf(request, settings, only);
  if (request.metadata != null && Object.keys(request.metadata).length > 0) settings.metadata = { ...request.metadata };
  if (typeof request.max_tool_calls === 'number') only.add('max_tool_calls', request.max_tool_calls);
  if (request.truncation === 'auto') only.add('truncation', 'auto');
  // `stream_options.include_obfuscation` is honoured by the stream renderer itself (responses-stream-renderer.ts).
  for (const member of ['prompt', 'context_management', 'prompt_cache_options', 'prompt_cache_retention', 'moderation'] as const) {
    if (request[member] != null) only.add(member, request[member]);
  }
  return settings;
}

/** Members refused whatever the deployment: the gateway itself cannot do what they ask. */
function refuseGatewayFeatures(request: ResponsesRequest): void {
  if (request.background === true) {
    throw new GeorouteError('invalid_request', 'background: georoute answers every response on its own connection; background responses are not supported. Send the request without background, with stream: true for long answers.', { param: 'background' });
  }
  if (request.conversation != null) {
    throw new GeorouteError('invalid_request', 'conversation: the Conversations API is not served by this gateway; send the conversation\'s items in input.', { param: 'conversation' });
  }
}

/** A validated Responses request (see `parseResponsesRequest`), its history already resolved, as a canonical request. */
export function convertResponsesRequestToInference(request: ResponsesRequest, names: ResponsesToolNames): InferenceRequest {
  refuseGatewayFeatures(request);
  const only = new ResponsesOnlyFeatures();
  const out: InferenceRequest = { system: [], messages: [], settings: settingsOf(request, only) };
  if (typeof request.instructions === 'string' && request.instructions !== '') out.system.push({ type: 'text', text: request.instructions });
  const input = request.input ?? [];
  if (typeof input === 'string') out.messages.push({ role: 'user', content: [{ type: 'text', text: input }] });
  else input.forEach((item, index) => convertItem(out, item, index, names, only));
  if (request.tools !== undefined && request.tools.length > 0) {
    const tools = convertResponsesTools(request.tools, names, only);
    if (tools.length > 0) out.tools = tools;
  }
  if (request.tool_choice !== undefined) {
    const choice = convertResponsesToolChoice(request.tool_choice, names, only);
    if (choice !== undefined) out.toolChoice = choice;
  }
  if (Object.keys(only.members).length > 0) out.providerOptions = { [RESPONSES_ONLY_NAMESPACE]: only.members };
  return out;
}
