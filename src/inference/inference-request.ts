/**
 * The canonical inference request, version 1. A surface parses its wire body into this; a provider converts it to
 * its upstream's wire. The model is not part of it: the surface returns the requested model id beside it and the
 * provider substitutes its deployment's upstream model name.
 */
import type { InferenceSystemPart } from './inference-content-parts.js';
import type { InferenceMessage } from './inference-messages.js';
import type { InferenceProviderOptions, InferenceSettings } from './inference-settings.js';
import type { InferenceTool, InferenceToolChoice } from './inference-tools.js';

export interface InferenceRequest {
  /** System instructions, in order (OpenAI `system`/`developer` messages, Converse `system`, Anthropic `system`). */
  system: InferenceSystemPart[];
  messages: InferenceMessage[];
  /** Absent when the caller listed none. */
  tools?: InferenceTool[];
  toolChoice?: InferenceToolChoice;
  settings: InferenceSettings;
  /**
   * Options for one provider family that have no canonical member, keyed by namespace (`openai`, `bedrock`,
   * `anthropic`). A provider reads its own namespace and passes it through; no converter reads another's.
   */
  providerOptions?: InferenceProviderOptions;
}
