/**
 * The contract of one inference operation (OpenAI chat completions, Converse, InvokeModel, ...): parse a body
 * into a protocol-neutral prompt, then write the completion in the protocol's wire format. The request
 * lifecycle (serve-inference-request.ts) does everything else: faults, capacity, accounting, errors.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { SimCompletion, SimPrompt } from './sim-completion.js';
import type { SimOperationName, SimProtocol } from './sim-protocol.js';
import type { SimPromptCache } from './sim-prompt-cache.js';
import type { SimulatorStreamFailure } from './simulator-types.js';
import type { SimPacing } from './token-pacer.js';

/** One admitted request as a responder sees it. */
export interface SimExchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  regionId: string;
  requestId: string;
  /** `performance.now()` when generation started (after admission and any injected latency). */
  startedAt: number;
  pacing: SimPacing;
  /** Streams: cut the connection after this many content chunks (the `disconnectAfterChunks` fault). */
  disconnectAfterChunks: number | null;
  /** Streams: end with the protocol's in-stream error after this many content chunks (the `streamError` fault). */
  streamError: SimulatorStreamFailure | null;
}

/**
 * `completed`: the whole response was written; `cut`: a fault broke the connection mid-stream; `failed`: a fault
 * ended the stream cleanly with the protocol's in-stream error.
 */
export type SimResponseOutcome = 'completed' | 'cut' | 'failed';

export interface PreparedSimRequest {
  prompt: SimPrompt;
  stream: boolean;
  /** The completion to account for, when it is not generated text (an embedding: input tokens only). */
  complete?: () => SimCompletion;
  respond(exchange: SimExchange, completion: SimCompletion): Promise<SimResponseOutcome>;
}

export interface SimOperationContext {
  /** Decoded from the path for Bedrock operations. */
  modelId?: string;
  defaultMaxTokens: number;
  promptCache: SimPromptCache;
  /** The request's headers and query, for operations that check them (Azure's `api-key` and `api-version`). */
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
}

export interface SimOperation {
  name: SimOperationName;
  protocol: SimProtocol;
  /** Throws a SimError (400) for an invalid body. */
  prepare(body: Uint8Array, context: SimOperationContext): PreparedSimRequest;
}
