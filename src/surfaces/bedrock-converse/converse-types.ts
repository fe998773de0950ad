/**
 * The Bedrock Converse shapes georoute reads and writes (request, response, ConverseStream events). Content blocks
 * are single-member unions on the wire; they are modelled as objects with optional members plus an index signature,
 * so members this gateway does not know are carried through instead of rejected.
 */

export type ConverseRole = 'user' | 'assistant';

export type ConverseImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export interface ConverseS3Location {
  uri: string;
  bucketOwner?: string;
}

/** Bytes are base64 text in JSON (the SDKs hand callers binary arrays). */
export interface ConverseMediaSource {
  bytes?: string;
  s3Location?: ConverseS3Location;
  [member: string]: unknown;
}

export interface ConverseImageBlock {
  format: ConverseImageFormat;
  source: ConverseMediaSource;
}

export interface ConverseDocumentBlock {
  name: string;
  format?: string;
  source: ConverseMediaSource & { text?: string };
  [member: string]: unknown;
}

export interface ConverseToolUseBlock {
  toolUseId: string;
  name: string;
  /** Any JSON value; models produce objects. */
  input: unknown;
  [member: string]: unknown;
}

export interface ConverseToolResultContent {
  json?: unknown;
  text?: string;
  image?: ConverseImageBlock;
  document?: ConverseDocumentBlock;
  [member: string]: unknown;
}

export interface ConverseToolResultBlock {
  toolUseId: string;
  content: ConverseToolResultContent[];
  status?: 'success' | 'error';
  [member: string]: unknown;
}

export interface ConverseReasoningContentBlock {
  reasoningText?: { text: string; signature?: string };
  redactedContent?: string;
  [member: string]: unknown;
}

export interface ConverseCachePointBlock {
  type: string;
  [member: string]: unknown;
}

export interface ConverseGuardContentBlock {
  text?: { text: string; qualifiers?: string[] };
  [member: string]: unknown;
}

export interface ConverseContentBlock {
  text?: string;
  image?: ConverseImageBlock;
  document?: ConverseDocumentBlock;
  video?: Record<string, unknown>;
  audio?: Record<string, unknown>;
  toolUse?: ConverseToolUseBlock;
  toolResult?: ConverseToolResultBlock;
  reasoningContent?: ConverseReasoningContentBlock;
  cachePoint?: ConverseCachePointBlock;
  guardContent?: ConverseGuardContentBlock;
  citationsContent?: Record<string, unknown>;
  [member: string]: unknown;
}

export interface ConverseMessage {
  /** `system` messages carry `toolAddition` / `toolRemoval` blocks (Bedrock's own tool-set changes). */
  role: ConverseRole | 'system';
  content: ConverseContentBlock[];
}

export interface ConverseSystemBlock {
  text?: string;
  guardContent?: ConverseGuardContentBlock;
  cachePoint?: ConverseCachePointBlock;
  [member: string]: unknown;
}

export interface ConverseInferenceConfig {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
}

export interface ConverseToolSpec {
  name: string;
  description?: string;
  inputSchema: { json: Record<string, unknown> };
  [member: string]: unknown;
}

export interface ConverseTool {
  toolSpec?: ConverseToolSpec;
  cachePoint?: ConverseCachePointBlock;
  [member: string]: unknown;
}

/** One member set: `{auto: {}}`, `{any: {}}` or `{tool: {name}}`. */
export interface ConverseToolChoice {
  auto?: Record<string, unknown>;
  any?: Record<string, unknown>;
  tool?: { name: string };
}

export interface ConverseToolConfig {
  tools: ConverseTool[];
  toolChoice?: ConverseToolChoice;
}

export interface ConverseRequest {
  messages: ConverseMessage[];
  system?: ConverseSystemBlock[];
  inferenceConfig?: ConverseInferenceConfig;
  toolConfig?: ConverseToolConfig;
  /** Model-native fields; Bedrock merges them into the model's own request body. */
  additionalModelRequestFields?: Record<string, unknown>;
  additionalModelResponseFieldPaths?: string[];
  requestMetadata?: Record<string, string>;
  guardrailConfig?: Record<string, unknown>;
  promptVariables?: Record<string, unknown>;
  performanceConfig?: { latency?: string };
  serviceTier?: { type?: string };
  outputConfig?: ConverseOutputConfig;
}

/** Structured output (`textFormat`, the schema as JSON text) and reasoning effort (`low` ... `max`). */
export interface ConverseOutputConfig {
  textFormat?: {
    /** `json_schema` (the only type Bedrock defines today). */
    type: string;
    structure?: { jsonSchema?: { schema: string; name?: string; description?: string } };
  };
  effort?: string;
}

export type KnownConverseStopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'guardrail_intervened'
  | 'content_filtered'
  | 'malformed_model_output'
  | 'malformed_tool_use'
  | 'model_context_window_exceeded';

/** A known reason, or one Bedrock added later (carried through as text). */
export type ConverseStopReason = KnownConverseStopReason | (string & Record<never, never>);

export interface ConverseUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export interface ConverseMetrics {
  latencyMs: number;
}

export interface ConverseResponse {
  output: { message: ConverseMessage };
  stopReason: ConverseStopReason;
  usage: ConverseUsage;
  metrics: ConverseMetrics;
  additionalModelResponseFields?: Record<string, unknown>;
}

export interface ConverseContentBlockDelta {
  text?: string;
  /** A fragment of the tool input's JSON text. */
  toolUse?: { input: string };
  reasoningContent?: { text?: string; signature?: string; redactedContent?: string };
}

/** One ConverseStream event: the `:event-type` header and the JSON body of that frame. */
export type ConverseStreamEvent =
  | { eventType: 'messageStart'; body: { role: ConverseRole } }
  | {
      eventType: 'contentBlockStart';
      body: { contentBlockIndex: number; start: { toolUse?: { toolUseId: string; name: string } } };
    }
  | { eventType: 'contentBlockDelta'; body: { contentBlockIndex: number; delta: ConverseContentBlockDelta } }
  | { eventType: 'contentBlockStop'; body: { contentBlockIndex: number } }
  | { eventType: 'messageStop'; body: { stopReason: ConverseStopReason; additionalModelResponseFields?: unknown } }
  | { eventType: 'metadata'; body: { usage: ConverseUsage; metrics: ConverseMetrics } };
