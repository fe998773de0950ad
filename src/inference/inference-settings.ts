/**
 * Generation settings of a canonical request. Every member is optional: absent means "the caller did not ask",
 * never "the default value". A member that is present is a setting the deployment must honour (or an operator
 * must have allowed to be dropped): see `deployment-capabilities.ts`.
 */
import type { JsonObject } from './inference-json.js';

/** The answer's shape: free text, any JSON object, or JSON valid for a schema (structured output). */
export type InferenceResponseFormat =
  | { type: 'text' }
  | { type: 'json' }
  | {
      type: 'json-schema';
      /** OpenAI requires a name (`^[a-zA-Z0-9_-]+$`); converters to wires that need none keep it as a title. */
      name: string;
      description?: string;
      schema: JsonObject;
      /** OpenAI `strict`. */
      strict?: boolean;
    };

export type InferenceReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

/**
 * Extended reasoning ("thinking"). Wires ask for it either as a token budget (Anthropic, Converse) or as an effort
 * (OpenAI `reasoning_effort`); a converter maps one to the other when its wire has only the other.
 */
export type InferenceReasoning =
  | { type: 'disabled' }
  | { type: 'enabled'; budgetTokens?: number; effort?: InferenceReasoningEffort };

export interface InferenceLogprobsSetting {
  /** How many alternatives per output token (OpenAI `top_logprobs`, 0-20); 0 returns only the chosen token's. */
  topLogprobs: number;
}

export interface InferenceSettings {
  /** Upper bound of generated tokens (OpenAI `max_completion_tokens` / `max_tokens`, Converse `maxTokens`). */
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  seed?: number;
  /** How many alternative answers (OpenAI `n`). Present only when greater than 1. */
  choiceCount?: number;
  /** Return log probabilities of the output tokens. */
  logprobs?: InferenceLogprobsSetting;
  /** May the model call several tools in one turn (OpenAI `parallel_tool_calls`, Anthropic's inverse). */
  parallelToolCalls?: boolean;
  responseFormat?: InferenceResponseFormat;
  reasoning?: InferenceReasoning;
  /**
   * Processing tier: OpenAI `service_tier` (`auto`, `default`, `flex`, `priority`) and Converse `serviceTier.type`
   * (`default`, `flex`, `priority`, `reserved`) share their common values; converters map the rest.
   */
  serviceTier?: string;
  /** End-user identifier for abuse monitoring (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
  /** Caller's string labels (OpenAI `metadata`, Converse `requestMetadata`). */
  metadata?: Record<string, string>;
}

/**
 * The names of everything a request can ask for that a deployment may be unable to honour. A surface turns a
 * name into its own wire's parameter name when it refuses a request (`responseFormat` -> `response_format`).
 */
export type InferenceSettingName =
  | Exclude<keyof InferenceSettings, 'maxOutputTokens'>
  | 'tools'
  | 'toolChoice'
  | InferenceContentName
  /** One member of a provider-options namespace (`providerOptions.bedrock.guardrailConfig`). */
  | `providerOptions.${string}.${string}`;

/**
 * What a request's content may hold that a provider's wire may not carry (listed by
 * `src/capabilities/list-requested-content.ts`):
 * - `images`: an image part, anywhere;
 * - `documents`: a document given as bytes (inline, at a URL or in S3); a document given as text is text to every wire;
 * - `mediaUrls`: an image or document at a URL, which the upstream must fetch (Bedrock fetches none);
 * - `s3Media`: an image or document in S3 (only Bedrock reads S3);
 * - `toolResultMedia`: an image or document inside a tool result (chat-completions wires carry tool results as text);
 * - `reasoningContent`: reasoning from earlier turns (`reasoning`, `redacted-reasoning` parts; Claude Code sends its
 *   thinking blocks back);
 * - `cachePoints`: a prompt-cache checkpoint, in system, messages or tools.
 */
export type InferenceContentName = 'images' | 'documents' | 'mediaUrls' | 's3Media' | 'toolResultMedia' | 'reasoningContent' | 'cachePoints';

/** Namespaced options for one provider family, passed through untouched (`{ bedrock: { guardrailConfig } }`). */
export type InferenceProviderOptions = Record<string, JsonObject>;
