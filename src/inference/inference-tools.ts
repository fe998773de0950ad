/** Tools the model may call, and how it must choose among them. */
import type { JsonObject } from './inference-json.js';

export interface InferenceFunctionTool {
  type: 'function';
  name: string;
  description?: string;
  /** JSON Schema of the input object. */
  inputSchema: JsonObject;
  /** OpenAI `strict`: the input must match the schema exactly. */
  strict?: boolean;
}

/**
 * A cache checkpoint after the tools listed before it (Converse `toolConfig.tools[].cachePoint`, Anthropic
 * `cache_control` on the last tool).
 */
export interface InferenceToolCachePoint {
  type: 'cache-point';
  ttl?: string;
}

export type InferenceTool = InferenceFunctionTool | InferenceToolCachePoint;

/**
 * - auto: the model decides (the default when tools are given);
 * - none: tools are listed but must not be called;
 * - required: at least one tool must be called (OpenAI `required`, Converse `any`, Anthropic `any`);
 * - tool: this tool must be called.
 */
export type InferenceToolChoice = { type: 'auto' } | { type: 'none' } | { type: 'required' } | { type: 'tool'; name: string };
