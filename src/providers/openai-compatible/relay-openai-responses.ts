/**
 * The fast path for the OpenAI Responses API (`POST {endpoint}/responses`), for a deployment that declares it
 * (`wireFormats: [openai-responses]`): the body goes through with only the model substituted, the answer comes back
 * as it is, event by event; usage is read on the way (`response.completed`'s `usage`) for accounting and audit. A
 * failure the upstream reports inside the stream (`response.failed`, `error`) is not relayed, since its text may
 * echo content: the stream is interrupted and the caller gets the gateway's own failure event.
 */
import type { Deployment } from '../../catalog/catalog-types.js';
import type { NativeRequest, NativeResponse } from '../../inference/inference-provider-contract.js';
import type { InferenceUsage } from '../../inference/inference-usage.js';
import '../../surfaces/openai-responses/openai-responses-wire-format.js';
import { classifyTransportError, streamTransportFailure } from '../classify-upstream-error.js';
import { brokeOffAsOf, failureBeforeFirstEvent } from '../classify-sse-error-chunk.js';
import { upstreamErrorIdentifier } from '../parse-upstream-error-body.js';
import { OutputTokenEstimate } from '../estimate-output-tokens.js';
import { readProcessedRegion } from '../read-processed-region.js';
import { UpstreamFailure, type UpstreamStreamEvent } from '../upstream-contract.js';
import type { OpenAiCompatibleUpstream } from './openai-compatible-upstream.js';
import { SseBodyReader } from '../sse-body-reader.js';

interface ResponsesUsage {
  input_tokens?: number;
  output_tokens?: number;
  input_tokens_details?: { cached_tokens?: number };
  output_tokens_details?: { reasoning_tokens?: number };
}

const CLOSING = new Set(['response.completed', 'response.incomplete']);
const FAILED = new Set(['response.failed', 'error']);

/** Responses usage -> canonical usage (`input_tokens` already counts the cached ones). */
export function responsesUsageToInference(usage: ResponsesUsage | null | undefined): InferenceUsage | undefined {
  if (usage == null || typeof usage.input_tokens !== 'number') return undefined;
  const cached = usage.input_tokens_details?.cached_tokens;
  const reasoning = usage.output_tokens_details?.reasoning_tokens;
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens ?? 0,
    ...(typeof cached === 'number' && cached > 0 ? { cacheReadInputTokens: cached } : {}),
    ...(typeof reasoning === 'number' && reasoning > 0 ? { reasoningTokens: reasoning } : {}),
  };
}

export async function relayOpenAiResponses(upstream: OpenAiCompatibleUpstream, deployment: Deployment, request: NativeRequest): Promise<NativeResponse> {
  if (request.format !== 'openai-responses') throw new UpstreamFailure('rejected', `${deployment.id}: not a Responses request`);
  const body: Record<string, unknown> = { ...request.body, model: deployment.upstreamModel, ...(request.stream ? { stream: true } : {}) };
  const { response, rateLimit } = await upstream.post(upstream.pathOf('/responses'), body, request);
  const processedRegionId = readProcessedRegion(response.headers);
  if (!request.stream) {
    try {
      const json = (await response.body.json()) as Record<string, unknown>;
      const usage = responsesUsageToInference(json.usage as ResponsesUsage | undefined) ?? { inputTokens: 0, outputTokens: 0 };
      return { kind: 'json', body: json, usage, rateLimit, processedRegionId };
    } catch (error) {
      throw classifyTransportError(error, request.signal, deployment.id);
    }
  }
  let usage: InferenceUsage | undefined;
  const output = new OutputTokenEstimate();
  let closed = false;
  const read = (data: string): UpstreamStreamEvent => {
    const event = JSON.parse(data) as { type?: unknown; delta?: unknown; code?: unknown; response?: { usage?: ResponsesUsage; error?: { code?: unknown } } };
    const eventType = typeof event.type === 'string' ? event.type : 'message';
    if (FAILED.has(eventType)) {
      // The code says whether it was a throttle (`rate_limit_exceeded`); the message can echo content and is not kept.
      const code = upstreamErrorIdentifier(event.code) ?? upstreamErrorIdentifier(event.response?.error?.code);
      throw new UpstreamFailure('interrupted', `${deployment.id}: the upstream reported ${eventType} in the stream`, { upstreamErrorType: code, brokeOffAs: brokeOffAsOf(code) });
    }
    if (typeof event.delta === 'string') output.add(event.delta.length);
    if (CLOSING.has(eventType)) {
      closed = true;
      usage = responsesUsageToInference(event.response?.usage) ?? usage;
    }
    return { format: 'openai-responses', eventType, data };
  };
  const stream = response.body;
  const reader = new SseBodyReader(stream);
  // The first event is read before the attempt succeeds: an upstream that fails at once has passed nothing on, so
  // the dispatcher can still fail over (as for chat completions, openai-compatible-upstream.ts).
  let pending: string[];
  let first: UpstreamStreamEvent;
  try {
    pending = await reader.firstBatch();
    const data = pending.shift();
    if (data === undefined) throw new UpstreamFailure('unavailable', `${deployment.id}: the stream ended before its first event`);
    first = read(data);
  } catch (error) {
    stream.destroy();
    if (error instanceof UpstreamFailure) throw error.kind === 'interrupted' ? failureBeforeFirstEvent(error) : error;
    throw classifyTransportError(error, request.signal, deployment.id);
  }
  const brokeOff = (error: unknown): UpstreamFailure => streamTransportFailure(error, request.signal, deployment.id);
  const notClosed = () => new UpstreamFailure('interrupted', `${deployment.id}: stream ended without response.completed`);
  async function* events(): AsyncGenerator<UpstreamStreamEvent> {
    try {
      yield first;
      for (const data of pending) yield read(data);
      for await (const data of reader.rest()) yield read(data);
      if (!closed) throw notClosed();
    } catch (error) {
      throw brokeOff(error);
    } finally {
      if (!stream.destroyed && !stream.readableEnded) stream.destroy();
    }
  }
  const relay = async (write: (event: UpstreamStreamEvent) => Promise<void> | void): Promise<void> => {
    try {
      const blocked = write(first);
      if (blocked !== undefined) await blocked;
      await reader.relay(pending, (data) => write(read(data)));
    } catch (error) {
      // The reader destroys the body when its relay fails; a failure before it (the first write) must too.
      if (!stream.destroyed && !stream.readableEnded) stream.destroy();
      throw brokeOff(error);
    }
    if (!closed) throw notClosed();
  };
  // The generator is made only for a consumer that pulls (a relayed stream never does).
  return { kind: 'stream', events: { [Symbol.asyncIterator]: events }, relay, usage: () => usage, outputSoFar: () => output.snapshot(), rateLimit, processedRegionId };
}
