/**
 * The conversation of a canonical request. Two roles only, as in Converse and Anthropic: tool results travel in
 * user messages (the OpenAI converters split them into `tool` messages and back). System instructions are not a
 * message: they are `InferenceRequest.system`.
 */
import type { InferenceAssistantPart, InferenceUserPart } from './inference-content-parts.js';

export interface InferenceUserMessage {
  role: 'user';
  content: InferenceUserPart[];
}

export interface InferenceAssistantMessage {
  role: 'assistant';
  content: InferenceAssistantPart[];
}

export type InferenceMessage = InferenceUserMessage | InferenceAssistantMessage;
