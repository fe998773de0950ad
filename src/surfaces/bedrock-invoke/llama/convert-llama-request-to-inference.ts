/**
 * Llama InvokeModel body -> canonical request. The prompt's turns become system parts and messages (consecutive
 * turns of one role in one message); `max_gen_len`, `temperature`, `top_p` are the canonical settings. What the
 * canonical model cannot hold travels in `providerOptions.llama` (`images`: their count; `prompt`: the template's
 * constructs it has no part for), which no converted path honours: the fast path to a Llama deployment relays the
 * body as it is, and any other deployment is no candidate, so the caller gets a 400 naming the member. Pure.
 */
import type { InferenceTextPart } from '../../../inference/inference-content-parts.js';
import type { JsonObject } from '../../../inference/inference-json.js';
import type { InferenceMessage } from '../../../inference/inference-messages.js';
import type { InferenceRequest } from '../../../inference/inference-request.js';
import type { InferenceSettings } from '../../../inference/inference-settings.js';
import type { LlamaRequest } from './llama-native-schema.js';
import { parseLlamaPrompt, type LlamaTurn } from './parse-llama-prompt.js';

/** The provider-options namespace of what a Llama body holds beyond the canonical model. */
export const LLAMA_NAMESPACE = 'llama';

function messagesOf(turns: readonly LlamaTurn[]): InferenceMessage[] {
  const messages: InferenceMessage[] = [];
  for (const turn of turns) {
    if (turn.role === 'system') continue;
    const part: InferenceTextPart = { type: 'text', text: turn.text };
    const last = messages.at(-1);
    if (last?.role === turn.role) last.content.push(part);
    else messages.push(turn.role === 'user' ? { role: 'user', content: [part] } : { role: 'assistant', content: [part] });
  }
  return messages;
}

function settingsOf(body: LlamaRequest): InferenceSettings {
  const settings: InferenceSettings = {};
  if (body.max_gen_len !== undefined) settings.maxOutputTokens = body.max_gen_len;
  if (body.temperature !== undefined) settings.temperature = body.temperature;
  if (body.top_p !== undefined) settings.topP = body.top_p;
  return settings;
}

export function convertLlamaRequestToInference(body: LlamaRequest): InferenceRequest {
  const prompt = parseLlamaPrompt(body.prompt);
  const request: InferenceRequest = {
    system: prompt.turns.filter((turn) => turn.role === 'system').map((turn) => ({ type: 'text', text: turn.text })),
    messages: messagesOf(prompt.turns),
    settings: settingsOf(body),
  };
  const uncarried: JsonObject = {};
  if (body.images !== undefined && body.images.length > 0) uncarried.images = body.images.length;
  if (prompt.uncarried.length > 0) uncarried.prompt = prompt.uncarried;
  if (Object.keys(uncarried).length > 0) request.providerOptions = { [LLAMA_NAMESPACE]: uncarried };
  return request;
}
