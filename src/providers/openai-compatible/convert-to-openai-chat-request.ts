/**
 * Canonical request -> OpenAI chat completions body (without `model`, which the provider sets). System parts lead
 * as one system message; tool results leave the user turn as `tool` messages, in order, before the rest of it;
 * images are data URLs or URLs; a document given as text is text, a PDF's bytes a `file` part (a data URL with its
 * filename); reasoning history is `reasoning_content`, and where it holds a signature or redacted reasoning also
 * `reasoning_details` (OpenRouter's convention: such an upstream, or another georoute, gives Claude its signed
 * thinking back). Cache points have no chat marker: the upstream caches
 * prefixes on its own (`openai-compatible-capabilities.ts`). What the chat wire has no place for (other documents
 * as bytes, media in S3 or in tool results) the capabilities keep away unless an operator let it drop.
 */
import type { InferenceImagePart, InferenceToolResultContent, InferenceUserPart } from '../../inference/inference-content-parts.js';
import type { InferenceMessage } from '../../inference/inference-messages.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { InferenceSettings } from '../../inference/inference-settings.js';
import type { InferenceToolChoice } from '../../inference/inference-tools.js';
import { needsReasoningDetails, reasoningDetailsOf } from '../../surfaces/openai-chat/convert-reasoning-details.js';

type ChatMessage = Record<string, unknown>;

function imageUrl(part: InferenceImagePart): Record<string, unknown> | undefined {
  const detail = part.detail === undefined ? {} : { detail: part.detail };
  if (part.source.kind === 'base64') return { type: 'image_url', image_url: { url: `data:${part.mediaType};base64,${part.source.data}`, ...detail } };
  if (part.source.kind === 'url') return { type: 'image_url', image_url: { url: part.source.url, ...detail } };
  return undefined;
}

function toolResultText(content: readonly InferenceToolResultContent[]): string {
  return content.map((item) => (item.type === 'text' ? item.text : item.type === 'json' ? JSON.stringify(item.value) : '')).join('');
}

function userContent(parts: readonly InferenceUserPart[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const part of parts) {
    if (part.type === 'text') out.push({ type: 'text', text: part.text });
    else if (part.type === 'image') {
      const image = imageUrl(part);
      if (image) out.push(image);
    } else if (part.type === 'document' && part.source.kind === 'text') out.push({ type: 'text', text: part.source.text });
    else if (part.type === 'document' && part.source.kind === 'base64') {
      out.push({ type: 'file', file: { file_data: `data:${part.mediaType};base64,${part.source.data}`, filename: part.name ?? 'document.pdf' } });
    }
  }
  return out;
}

function userMessages(parts: readonly InferenceUserPart[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const part of parts) {
    if (part.type === 'tool-result') messages.push({ role: 'tool', tool_call_id: part.toolCallId, content: toolResultText(part.content) });
  }
  const content = userContent(parts);
  if (content.length > 0) {
    const onlyText = content.every((c) => c.type === 'text');
    messages.push({ role: 'user', content: onlyText ? content.map((c) => c.text).join('') : content });
  }
  return messages;
}

function assistantMessage(message: Extract<InferenceMessage, { role: 'assistant' }>): ChatMessage {
  let text = '';
  let reasoning = '';
  const toolCalls: Array<Record<string, unknown>> = [];
  for (const part of message.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'reasoning') reasoning += part.text;
    else if (part.type === 'tool-call') toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.input } });
  }
  return {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
    ...(reasoning === '' ? {} : { reasoning_content: reasoning }),
    ...(needsReasoningDetails(message.content) ? { reasoning_details: reasoningDetailsOf(message.content) } : {}),
    ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }),
  };
}

function toolChoice(choice: InferenceToolChoice): unknown {
  return choice.type === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.type;
}

function settings(s: InferenceSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.maxOutputTokens !== undefined) out.max_completion_tokens = s.maxOutputTokens;
  if (s.temperature !== undefined) out.temperature = s.temperature;
  if (s.topP !== undefined) out.top_p = s.topP;
  if (s.stopSequences !== undefined) out.stop = s.stopSequences;
  if (s.seed !== undefined) out.seed = s.seed;
  if (s.choiceCount !== undefined) out.n = s.choiceCount;
  if (s.logprobs !== undefined) {
    out.logprobs = true;
    if (s.logprobs.topLogprobs > 0) out.top_logprobs = s.logprobs.topLogprobs;
  }
  if (s.parallelToolCalls !== undefined) out.parallel_tool_calls = s.parallelToolCalls;
  const format = s.responseFormat;
  if (format?.type === 'text') out.response_format = { type: 'text' };
  else if (format?.type === 'json') out.response_format = { type: 'json_object' };
  else if (format?.type === 'json-schema') {
    out.response_format = {
      type: 'json_schema',
      json_schema: {
        name: format.name,
        schema: format.schema,
        ...(format.description === undefined ? {} : { description: format.description }),
        ...(format.strict === undefined ? {} : { strict: format.strict }),
      },
    };
  }
  if (s.reasoning?.type === 'disabled') out.reasoning_effort = 'none';
  else if (s.reasoning?.type === 'enabled') out.reasoning_effort = s.reasoning.effort ?? 'medium';
  if (s.serviceTier !== undefined) out.service_tier = s.serviceTier;
  if (s.user !== undefined) out.user = s.user;
  if (s.metadata !== undefined) out.metadata = s.metadata;
  return out;
}

/** The chat body for `request`; `providerOptions.openai` members are passed through as top-level fields. */
export function convertToOpenAiChatRequest(request: InferenceRequest): Record<string, unknown> {
  const messages: ChatMessage[] = [];
  const system = request.system.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
  if (system !== '') messages.push({ role: 'system', content: system });
  for (const message of request.messages) {
    if (message.role === 'user') messages.push(...userMessages(message.content));
    else messages.push(assistantMessage(message));
  }
  const openai = request.providerOptions?.openai;
  const body: Record<string, unknown> = { ...openai, messages, ...settings(request.settings) };
  // An effort with no canonical word (`xhigh`, `max`) is `high` in the settings; the upstream gets its own word.
  if (typeof openai?.reasoning_effort === 'string') body.reasoning_effort = openai.reasoning_effort;
  const tools = (request.tools ?? []).flatMap((tool) =>
    tool.type === 'function'
      ? [{
          type: 'function',
          function: {
            name: tool.name,
            parameters: tool.inputSchema,
            ...(tool.description === undefined ? {} : { description: tool.description }),
            ...(tool.strict === undefined ? {} : { strict: tool.strict }),
          },
        }]
      : [],
  );
  if (tools.length > 0) body.tools = tools;
  if (request.toolChoice !== undefined) body.tool_choice = toolChoice(request.toolChoice);
  return body;
}
