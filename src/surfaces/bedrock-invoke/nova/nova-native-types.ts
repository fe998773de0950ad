/**
 * The Amazon Nova native InvokeModel shapes (`messages-v1`). Nova's native body is Converse with a few
 * differences: `max_new_tokens` (older docs) for `maxTokens`, `topK` in `inferenceConfig`, cache counts named
 * `cache*InputTokenCount`, no `metrics` in the response, and stream chunks that wrap each ConverseStream event as
 * `{"<eventType>": body}`. Any other top-level member is model-native and maps to Converse
 * `additionalModelRequestFields`.
 */
import type {
  ConverseContentBlockDelta,
  ConverseMessage,
  ConverseStopReason,
  ConverseSystemBlock,
  ConverseToolConfig,
} from '../../bedrock-converse/converse-types.js';

export type NovaMessage = ConverseMessage;

export interface NovaInferenceConfig {
  maxTokens?: number;
  /** Older alias of `maxTokens`. */
  max_new_tokens?: number;
  temperature?: number;
  topP?: number;
  /** Older alias of `topP`. */
  top_p?: number;
  topK?: number;
  /** Older alias of `topK`. */
  top_k?: number;
  stopSequences?: string[];
  [member: string]: unknown;
}

export interface NovaRequest {
  schemaVersion?: string;
  messages: NovaMessage[];
  system?: ConverseSystemBlock[];
  inferenceConfig?: NovaInferenceConfig;
  toolConfig?: ConverseToolConfig;
  [member: string]: unknown;
}

export interface NovaUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens?: number;
  cacheReadInputTokenCount?: number;
  cacheWriteInputTokenCount?: number;
}

export interface NovaResponse {
  output: { message: NovaMessage };
  stopReason: ConverseStopReason;
  usage: NovaUsage;
}

/** What Bedrock appends to the last chunk of every InvokeModelWithResponseStream response. */
export interface BedrockInvocationMetrics {
  inputTokenCount: number;
  outputTokenCount: number;
  invocationLatency: number;
  firstByteLatency?: number;
  cacheReadInputTokenCount?: number;
  cacheWriteInputTokenCount?: number;
}

/** One decoded InvokeModelWithResponseStream chunk (the JSON inside `{"bytes": "<base64>"}`). */
export interface NovaStreamChunk {
  messageStart?: { role: 'assistant' | 'user' };
  contentBlockStart?: { contentBlockIndex: number; start: { toolUse?: { toolUseId: string; name: string } } };
  contentBlockDelta?: { contentBlockIndex: number; delta: ConverseContentBlockDelta };
  contentBlockStop?: { contentBlockIndex: number };
  messageStop?: { stopReason: ConverseStopReason };
  metadata?: { usage: NovaUsage; metrics?: { latencyMs?: number }; trace?: unknown };
  'amazon-bedrock-invocationMetrics'?: BedrockInvocationMetrics;
}
