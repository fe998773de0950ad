/**
 * The HTTP client for OpenAI-compatible chat completions (`POST {endpoint}/chat/completions`), over an undici
 * pool with the dispatcher-level `request` API. Streams are passed on event by event; usage is always asked for
 * (`stream_options.include_usage`) so cost is known even for streams.
 */
import { parseUpstreamErrorBody, type UpstreamErrorBody } from '../parse-upstream-error-body.js';
import type { Dispatcher, Pool } from 'undici';
import type { Deployment } from '../../catalog/catalog-types.js';
import { classifyHttpStatus, classifyTransportError, streamTransportFailure } from '../classify-upstream-error.js';
import { createDeploymentPool, joinEndpointPath } from '../create-deployment-pool.js';
import { parseRateLimitHeaders, parseRetryAfterMs } from '../parse-rate-limit-headers.js';
import { readProcessedRegion } from '../read-processed-region.js';
import { serializeRequestBody } from '../serialize-request-body.js';
import { postBeforeFirstByte, postWholeBeforeFirstByte } from '../first-byte-deadline.js';
import { UpstreamFailure, type TokenUsage, type UpstreamStreamEvent } from '../upstream-contract.js';
import type { UpstreamRequest, UpstreamResponse, UpstreamTransport } from '../upstream-transport.js';
import { SseBodyReader } from '../sse-body-reader.js';
import { failureBeforeFirstEvent, sseErrorChunkFailure } from '../classify-sse-error-chunk.js';
import { OutputTokenEstimate, outputTextLengthOfJson } from '../estimate-output-tokens.js';
import type { EmbeddingProvider } from '../../inference/inference-embedding-provider-contract.js';
import { createOpenAiCompatibleEmbeddingProvider } from './openai-compatible-embedding-provider.js';
import type { StopSignal } from '../../inference/stop-signal.js';

const USAGE_OBJECT = /"usage"\s*:\s*\{/;

interface OpenAiUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

function toUsage(usage: OpenAiUsage | undefined | null): TokenUsage | undefined {
  if (!usage || typeof usage.prompt_tokens !== 'number') return undefined;
  return { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens ?? 0 };
}

/** The error body as a classification plus its text (kept apart: it can echo the prompt). */
async function readErrorBody(body: Dispatcher.ResponseData['body']): Promise<UpstreamErrorBody> {
  return parseUpstreamErrorBody(await body.text().catch(() => ''));
}

/** The chat-completions client of one deployment; `OpenAiCompatibleProvider` decides what reaches it. */
export class OpenAiCompatibleUpstream implements UpstreamTransport {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly headers: Record<string, string>;
  readonly embeddings: EmbeddingProvider;

  constructor(readonly deployment: Deployment, env: NodeJS.ProcessEnv = process.env) {
    this.pool = createDeploymentPool(deployment);
    this.path = joinEndpointPath(deployment.endpoint, '/chat/completions');
    const apiKey = deployment.credentials.apiKeyEnv ? env[deployment.credentials.apiKeyEnv] : undefined;
    this.headers = {
      'content-type': 'application/json',
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    };
    this.embeddings = createOpenAiCompatibleEmbeddingProvider(deployment, this.pool, this.headers);
  }

  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    if (request.format !== 'openai-chat' || request.body instanceof Uint8Array) {
      throw new UpstreamFailure('rejected', `${this.deployment.id} accepts only OpenAI chat requests`);
    }
    const body: Record<string, unknown> = { ...request.body, model: this.deployment.upstreamModel };
    if (request.stream) {
      body.stream = true;
      body.stream_options = { ...(body.stream_options as object | undefined), include_usage: true };
    }
    if (!request.stream) return this.whole(body, request);
    const { response, rateLimit } = await this.post(this.path, body, request);
    return this.streamResponse(response, request.signal, rateLimit);
  }

  /** A JSON completion, read whole; parsed for usage (and for a converted answer), its bytes kept for the fast path. */
  private async whole(body: Record<string, unknown>, request: UpstreamRequest): Promise<UpstreamResponse> {
    const response = await postWholeBeforeFirstByte(this.pool, this.deployment, this.requestOf(this.path, body, request));
    const rateLimit = parseRateLimitHeaders(response.headers);
    if (response.statusCode !== 200) {
      // An error body that broke off reads as none, as before (its text is only ever a classification).
      const text = response.bodyError === undefined ? response.body.toString('utf8') : '';
      throw this.statusFailure(response.statusCode, response.headers, parseUpstreamErrorBody(text), rateLimit);
    }
    if (response.bodyError !== undefined) throw response.bodyError;
    try {
      const json = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
      const usage = toUsage(json.usage as OpenAiUsage | undefined) ?? { inputTokens: 0, outputTokens: 0 };
      return { kind: 'json', body: json, raw: response.body, usage, rateLimit, processedRegionId: readProcessedRegion(response.headers) };
    } catch (error) {
      throw classifyTransportError(error, request.signal, this.deployment.id);
    }
  }

  private requestOf(path: string, body: Record<string, unknown>, request: Pick<UpstreamRequest, 'signal' | 'abortAttempt' | 'requestId' | 'traceHeaders'>) {
    return {
      path,
      headers: { ...this.headers, ...request.traceHeaders, 'x-request-id': request.requestId },
      body: serializeRequestBody(body, this.deployment.id),
      signal: request.signal,
      abortAttempt: request.abortAttempt,
    };
  }

  private statusFailure(status: number, headers: Dispatcher.ResponseData['headers'], errorBody: UpstreamErrorBody, rateLimit: UpstreamResponse['rateLimit']): UpstreamFailure {
    const failure = classifyHttpStatus(status, this.deployment.id, errorBody, { retryAfterMs: parseRetryAfterMs(headers) });
    return new UpstreamFailure(failure.kind, failure.message, {
      status: failure.status, retryAfterMs: failure.retryAfterMs, rateLimit, upstreamErrorType: failure.upstreamErrorType, upstreamText: failure.upstreamText,
    });
  }

  /**
   * POSTs a JSON body to `path` under the endpoint (the model already substituted); resolves with the response once
   * its status is 200, else rejects with the classified failure. Shared by chat completions and the Responses relay.
   */
  async post(path: string, body: Record<string, unknown>, request: Pick<UpstreamRequest, 'signal' | 'abortAttempt' | 'requestId' | 'traceHeaders'>): Promise<{ response: Dispatcher.ResponseData; rateLimit: UpstreamResponse['rateLimit'] }> {
    const response = await postBeforeFirstByte(this.pool, this.deployment, this.requestOf(path, body, request));
    const rateLimit = parseRateLimitHeaders(response.headers);
    if (response.statusCode !== 200) throw this.statusFailure(response.statusCode, response.headers, await readErrorBody(response.body), rateLimit);
    return { response, rateLimit };
  }

  /** `{endpoint}<suffix>`, for the other APIs of the same upstream (`/responses`). */
  pathOf(suffix: string): string {
    return joinEndpointPath(this.deployment.endpoint, suffix);
  }

  /**
   * The stream, once its first event has arrived: an upstream that answers 200 and then fails at once (an error
   * chunk, an empty body, a reset) has passed nothing on yet, so that is a failure before the first byte and the
   * dispatcher can still fail over. After it, a break is `interrupted`. The body is read with its `data` events
   * (sse-body-reader.ts): relayed, each event goes straight to the writer; converted, the parts pull from `events`.
   */
  private async streamResponse(response: Dispatcher.ResponseData, signal: StopSignal, rateLimit: UpstreamResponse['rateLimit']): Promise<UpstreamResponse> {
    let usage: TokenUsage | undefined;
    const deploymentId = this.deployment.id;
    const output = new OutputTokenEstimate();
    const noteUsage = (data: string) => {
      const failure = sseErrorChunkFailure(deploymentId, data);
      if (failure !== undefined) throw failure;
      output.add(outputTextLengthOfJson(data));
      // Chunks carry `"usage":null` until the final one; parse only the one with a usage object.
      if (USAGE_OBJECT.test(data)) usage = toUsage((JSON.parse(data) as { usage?: OpenAiUsage | null }).usage) ?? usage;
    };
    const body = response.body;
    const reader = new SseBodyReader(body);
    const { parser } = reader;
    let first: string[];
    try {
      first = await reader.firstBatch();
      if (first.length === 0 && !parser.sawDone) throw new UpstreamFailure('unavailable', `${deploymentId}: the stream ended before its first event`);
      const early = first.length === 0 ? undefined : sseErrorChunkFailure(deploymentId, first[0] as string);
      if (early !== undefined) throw failureBeforeFirstEvent(early);
    } catch (error) {
      body.destroy();
      throw error instanceof UpstreamFailure ? error : classifyTransportError(error, signal, deploymentId);
    }
    const brokeOff = (error: unknown): UpstreamFailure => streamTransportFailure(error, signal, deploymentId);
    const endedWithoutDone = () => new UpstreamFailure('interrupted', `${deploymentId}: stream ended without [DONE]`);
    async function* events(): AsyncGenerator<UpstreamStreamEvent> {
      try {
        for (const data of first) {
          noteUsage(data);
          yield { format: 'openai-chat', data };
        }
        // The body is read to its end even after [DONE]: leaving early would destroy it, and the connection.
        for await (const data of reader.rest()) {
          noteUsage(data);
          yield { format: 'openai-chat', data };
        }
        if (!parser.sawDone) throw endedWithoutDone();
      } catch (error) {
        throw brokeOff(error);
      } finally {
        // Destroy the body only when the stream stopped early (a consumer broke off, or an error).
        if (!body.destroyed && !body.readableEnded) body.destroy();
      }
    }
    const relay = async (write: (event: UpstreamStreamEvent) => Promise<void> | void): Promise<void> => {
      try {
        await reader.relay(first, (data) => {
          noteUsage(data);
          return write({ format: 'openai-chat', data });
        });
      } catch (error) {
        throw brokeOff(error);
      }
      if (!parser.sawDone) throw endedWithoutDone();
    };
    // The generator is made only for a consumer that pulls (a relayed stream never does).
    return { kind: 'stream', events: { [Symbol.asyncIterator]: events }, relay, usage: () => usage, outputSoFar: () => output.snapshot(), rateLimit, processedRegionId: readProcessedRegion(response.headers) };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
