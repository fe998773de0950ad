/**
 * The content parts of canonical messages. Each part is a small object with a `type`; converters switch on it
 * exhaustively, so a part added in a later version is a compile error in every converter that does not handle it.
 */
import type { JsonValue } from './inference-json.js';

/** Where the bytes of an image or document are: inline (base64), at a URL, or in S3 (Bedrock). */
export type InferenceMediaSource =
  | { kind: 'base64'; data: string }
  | { kind: 'url'; url: string }
  | { kind: 's3'; uri: string; bucketOwner?: string };

export interface InferenceTextPart {
  type: 'text';
  text: string;
}

export interface InferenceImagePart {
  type: 'image';
  /** IANA media type (`image/png`, `image/jpeg`, `image/gif`, `image/webp`); `image/*` when a URL does not say. */
  mediaType: string;
  source: InferenceMediaSource;
  /** OpenAI's `detail`; other wires have no equivalent and ignore it (it changes cost, not meaning). */
  detail?: 'auto' | 'low' | 'high';
}

export interface InferenceDocumentPart {
  type: 'document';
  /** IANA media type (`application/pdf`, `text/plain`, ...). */
  mediaType: string;
  /** A plain-text document may be carried as text instead of bytes. */
  source: InferenceMediaSource | { kind: 'text'; text: string };
  /** Converse requires a name; other wires may omit it. */
  name?: string;
}

/** A tool call the assistant made (in a prompt: a call made in an earlier turn). */
export interface InferenceToolCallPart {
  type: 'tool-call';
  /** The call id the tool result refers back to (`call_...`, `tooluse_...`, `toolu_...`). */
  id: string;
  name: string;
  /**
   * The input as JSON text, exactly as the model wrote it (OpenAI `arguments`). Kept as text so that a call
   * round-trips byte for byte; converters to wires that carry an object (Converse, Anthropic) parse it.
   */
  input: string;
}

/** The content of a tool result: text, JSON, an image or a document. */
export type InferenceToolResultContent =
  | InferenceTextPart
  | { type: 'json'; value: JsonValue }
  | InferenceImagePart
  | InferenceDocumentPart;

export interface InferenceToolResultPart {
  type: 'tool-result';
  /** The `id` of the tool call this answers. */
  toolCallId: string;
  /** The tool's name, when the wire carries it (OpenAI and Converse do not). */
  toolName?: string;
  content: InferenceToolResultContent[];
  /** The tool failed (Converse `status: error`, Anthropic `is_error`). */
  isError?: boolean;
}

/** Visible reasoning ("thinking") the model produced, with the signature that lets it be sent back verbatim. */
export interface InferenceReasoningPart {
  type: 'reasoning';
  text: string;
  /** Opaque signature (Anthropic `signature`, Converse `reasoningText.signature`); required to replay thinking. */
  signature?: string;
}

/** Reasoning the provider returned encrypted (Anthropic `redacted_thinking`, Converse `redactedContent`). */
export interface InferenceRedactedReasoningPart {
  type: 'redacted-reasoning';
  /** Opaque data (base64 on Converse), sent back unchanged. */
  data: string;
}

/**
 * A prompt-cache checkpoint: everything before this point (in tools, system, messages order) may be cached.
 * Converse writes it as a `cachePoint` block; Anthropic as `cache_control` on the part before it.
 */
export interface InferenceCachePointPart {
  type: 'cache-point';
  /** Time to live when the wire has one (Anthropic `5m` / `1h`); absent means the provider's default. */
  ttl?: string;
}

export type InferenceSystemPart = InferenceTextPart | InferenceCachePointPart;

export type InferenceUserPart =
  | InferenceTextPart
  | InferenceImagePart
  | InferenceDocumentPart
  | InferenceToolResultPart
  | InferenceCachePointPart;

export type InferenceAssistantPart =
  | InferenceTextPart
  | InferenceReasoningPart
  | InferenceRedactedReasoningPart
  | InferenceToolCallPart
  | InferenceCachePointPart;
