/**
 * Mistral chat InvokeModel body -> canonical request. System messages become system parts wherever they stand
 * (Mistral's own chat template folds every system message into one system prompt too); `tool` messages become
 * tool results in the user turn (their `name` the tool's), consecutive turns of one role merge; `image_url` parts
 * are images (a data URL inline, any other URL a canonical media URL); `tool_choice: any` is `required`;
 * `max_tokens`, `temperature`, `top_p` are the canonical settings. What the canonical model cannot hold is carried
 * in `providerOptions.mistral`: an undocumented top-level member as it came, and for constructs inside `messages`
 * or `tools` (a participant's `name`, `prefix`, other part types, unknown members) the list of where they are.
 * No converted path honours that namespace: the fast path to a Mistral deployment relays the body as it is, and
 * any other deployment is no candidate, so the caller gets a 400 naming the member. Pure.
 */
import { asJsonObject, asJsonValue } from '../../../inference/as-json-object.js';
import { readBase64DataUrl } from '../../../inference/read-base64-data-url.js';
import type { InferenceAssistantPart, InferenceSystemPart, InferenceUserPart } from '../../../inference/inference-content-parts.js';
import type { JsonObject } from '../../../inference/inference-json.js';
import type { InferenceMessage } from '../../../inference/inference-messages.js';
import type { InferenceRequest } from '../../../inference/inference-request.js';
import type { InferenceSettings } from '../../../inference/inference-settings.js';
import type { InferenceTool, InferenceToolChoice } from '../../../inference/inference-tools.js';
import { MISTRAL_MEMBERS, type MistralContentPart, type MistralMessage, type MistralRequest, type MistralTool } from './mistral-native-schema.js';

/** The provider-options namespace of what a Mistral body holds beyond the canonical model. */
export const MISTRAL_NAMESPACE = 'mistral';

const DETAILS: ReadonlySet<string> = new Set(['auto', 'low', 'high']);

/** Locations of uncarried constructs, by the top-level member they are under (`messages`, `tools`). */
type Uncarried = Map<string, string[]>;

function note(uncarried: Uncarried, member: string, location: string): void {
  uncarried.set(member, [...(uncarried.get(member) ?? []), location]);
}

/** Members of `value` outside `known`, each noted at `location.<member>`. */
function noteExtraMembers(value: object, known: readonly string[], member: string, location: string, uncarried: Uncarried): void {
  for (const key of Object.keys(value)) if (!known.includes(key)) note(uncarried, member, `${location}.${key}`);
}

function imagePart(part: MistralContentPart, location: string, uncarried: Uncarried): InferenceUserPart {
  const image = part.image_url ?? '';
  const url = typeof image === 'string' ? image : image.url;
  const detail = typeof image === 'string' ? undefined : image.detail;
  if (typeof image !== 'string') noteExtraMembers(image, ['url', 'detail'], 'messages', `${location}.image_url`, uncarried);
  if (detail !== undefined && !DETAILS.has(detail)) note(uncarried, 'messages', `${location}.image_url.detail`);
  const details = detail !== undefined && DETAILS.has(detail) ? { detail: detail as 'auto' | 'low' | 'high' } : {};
  const data = readBase64DataUrl(url);
  if (data === undefined) return { type: 'image', mediaType: 'image/*', source: { kind: 'url', url }, ...details };
  return { type: 'image', mediaType: data.mediaType, source: { kind: 'base64', data: data.data }, ...details };
}

/** Content as text and image parts; other part types (and images where `textOnly`) are noted, not kept. */
function contentParts(content: string | MistralContentPart[] | null | undefined, location: string, uncarried: Uncarried, textOnly: boolean): InferenceUserPart[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.flatMap((part, k): InferenceUserPart[] => {
    const at = `${location}[${k}]`;
    if (part.type === 'text') {
      noteExtraMembers(part, ['type', 'text'], 'messages', at, uncarried);
      return part.text === undefined || part.text === '' ? [] : [{ type: 'text', text: part.text }];
    }
    if (part.type === 'image_url' && !textOnly) {
      noteExtraMembers(part, ['type', 'image_url'], 'messages', at, uncarried);
      return [imagePart(part, at, uncarried)];
    }
    note(uncarried, 'messages', `${at}.type ${part.type}`);
    return [];
  });
}

function textsOf(parts: readonly InferenceUserPart[]): Array<{ type: 'text'; text: string }> {
  return parts.flatMap((part) => (part.type === 'text' ? [{ type: 'text' as const, text: part.text }] : []));
}

function assistantParts(message: MistralMessage & { role: 'assistant' }, location: string, uncarried: Uncarried): InferenceAssistantPart[] {
  const parts: InferenceAssistantPart[] = textsOf(contentParts(message.content, `${location}.content`, uncarried, true));
  (message.tool_calls ?? []).forEach((call, k) => {
    const at = `${location}.tool_calls[${k}]`;
    noteExtraMembers(call, ['id', 'type', 'function'], 'messages', at, uncarried);
    noteExtraMembers(call.function, ['name', 'arguments'], 'messages', `${at}.function`, uncarried);
    const input = typeof call.function.arguments === 'string' ? call.function.arguments : JSON.stringify(call.function.arguments);
    parts.push({ type: 'tool-call', id: call.id, name: call.function.name, input });
  });
  return parts;
}

/** Appends a message, merging it into the last one of the same role (tool results first in a user turn). */
function append(messages: InferenceMessage[], message: InferenceMessage): void {
  const last = messages.at(-1);
  if (last === undefined || last.role !== message.role) messages.push(message);
  else if (last.role === 'user' && message.role === 'user') {
    const merged = [...last.content, ...message.content];
    last.content = [...merged.filter((p) => p.type === 'tool-result'), ...merged.filter((p) => p.type !== 'tool-result')];
  } else if (last.role === 'assistant' && message.role === 'assistant') last.content.push(...message.content);
}

const KNOWN_MESSAGE_MEMBERS: Readonly<Record<MistralMessage['role'], readonly string[]>> = {
  system: ['role', 'content'],
  user: ['role', 'content'],
  assistant: ['role', 'content', 'tool_calls'],
  tool: ['role', 'content', 'tool_call_id', 'name'],
};

function readMessage(request: InferenceRequest, message: MistralMessage, location: string, uncarried: Uncarried): void {
  noteExtraMembers(message, KNOWN_MESSAGE_MEMBERS[message.role], 'messages', location, uncarried);
  switch (message.role) {
    case 'system':
      request.system.push(...(textsOf(contentParts(message.content, `${location}.content`, uncarried, true)) satisfies InferenceSystemPart[]));
      break;
    case 'user':
      append(request.messages, { role: 'user', content: contentParts(message.content, `${location}.content`, uncarried, false) });
      break;
    case 'assistant':
      append(request.messages, { role: 'assistant', content: assistantParts(message, location, uncarried) });
      break;
    case 'tool': {
      const content = textsOf(contentParts(message.content, `${location}.content`, uncarried, true));
      const toolName = message.name === undefined ? {} : { toolName: message.name };
      append(request.messages, { role: 'user', content: [{ type: 'tool-result', toolCallId: message.tool_call_id, ...toolName, content }] });
      break;
    }
  }
}

function toolsOf(tools: readonly MistralTool[], uncarried: Uncarried): InferenceTool[] {
  return tools.map((tool, k): InferenceTool => {
    noteExtraMembers(tool, ['type', 'function'], 'tools', `tools[${k}]`, uncarried);
    noteExtraMembers(tool.function, ['name', 'description', 'parameters', 'strict'], 'tools', `tools[${k}].function`, uncarried);
    const { name, description, parameters, strict } = tool.function;
    return {
      type: 'function',
      name,
      inputSchema: asJsonObject(parameters ?? { type: 'object', properties: {} }),
      ...(description === undefined ? {} : { description }),
      ...(strict === undefined ? {} : { strict }),
    };
  });
}

const TOOL_CHOICES: Readonly<Record<NonNullable<MistralRequest['tool_choice']>, InferenceToolChoice>> = {
  auto: { type: 'auto' },
  any: { type: 'required' },
  none: { type: 'none' },
};

function settingsOf(body: MistralRequest): InferenceSettings {
  const settings: InferenceSettings = {};
  if (body.max_tokens !== undefined) settings.maxOutputTokens = body.max_tokens;
  if (body.temperature !== undefined) settings.temperature = body.temperature;
  if (body.top_p !== undefined) settings.topP = body.top_p;
  return settings;
}

/** A validated Mistral body (see `parseMistralRequest`) as a canonical request; the model id travels in the path. */
export function convertMistralRequestToInference(body: MistralRequest): InferenceRequest {
  const uncarried: Uncarried = new Map();
  const request: InferenceRequest = { system: [], messages: [], settings: settingsOf(body) };
  body.messages.forEach((message, i) => readMessage(request, message, `messages[${i}]`, uncarried));
  if (body.tools !== undefined && body.tools.length > 0) request.tools = toolsOf(body.tools, uncarried);
  if (body.tool_choice !== undefined) request.toolChoice = TOOL_CHOICES[body.tool_choice];
  const options: JsonObject = {};
  for (const [member, value] of Object.entries(body)) {
    if (!MISTRAL_MEMBERS.has(member) && value !== undefined) options[member] = asJsonValue(value);
  }
  for (const [member, locations] of uncarried) options[member] = locations;
  if (Object.keys(options).length > 0) request.providerOptions = { [MISTRAL_NAMESPACE]: options };
  return request;
}
