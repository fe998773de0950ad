/**
 * Provider kind `bedrock`: the Bedrock Runtime API of a region (`https://bedrock-runtime.<region>.amazonaws.com`,
 * or the deployment's endpoint), over an undici pool. Serves Converse / ConverseStream (`bedrock-converse`) and
 * InvokeModel / InvokeModelWithResponseStream (`bedrock-invoke`, model-native bodies passed through byte for byte),
 * and for a Claude deployment (`nativeFormat: anthropic`) Anthropic Messages requests through InvokeModel.
 * Every request is signed anew with SigV4 for the deployment's region, or sent with a Bedrock API key
 * (`credentials.apiKeyEnv`). Event streams are decoded frame by frame and passed on as events, pulled (`events`) or
 * pushed to the writer as each chunk arrives (`relay`, pushed-body-reader.ts); the first chunk's frames are read
 * before the response is handed over, so an exception that arrives instead of the first event still fails over.
 */
import { parseUpstreamErrorBody, type UpstreamErrorBody } from '../parse-upstream-error-body.js';
import type { Dispatcher, Pool } from 'undici';
import type { Deployment } from '../../catalog/catalog-types.js';
import type { WireFormat } from '../../inference/wire-format.js';
import { classifyTransportError } from '../classify-upstream-error.js';
import { createDeploymentPool, joinEndpointPath } from '../create-deployment-pool.js';
import { parseRateLimitHeaders, parseRetryAfterMs } from '../parse-rate-limit-headers.js';
import { UpstreamFailure, type RateLimitObservation, type UpstreamStreamEvent } from '../upstream-contract.js';
import type { UpstreamRequest, UpstreamResponse, UpstreamTransport } from '../upstream-transport.js';
import { bedrockModelPath, defaultBedrockEndpoint, type BedrockRuntimeOperation } from './bedrock-model-path.js';
import { classifyBedrockHttpError, classifyBedrockStreamException } from './classify-bedrock-error.js';
import { readBedrockEventStream } from './read-bedrock-event-stream.js';
import { usageFromNativeBody, usageFromTokenCountHeaders } from './read-bedrock-usage.js';
import { EventStreamDecoder, type EventStreamMessage } from './read-event-stream-messages.js';
import { PushedBodyReader } from '../pushed-body-reader.js';
import { resolveBedrockCredentials } from './resolve-bedrock-credentials.js';
import { BedrockRequestSigner } from './sign-bedrock-request.js';
import { serializeRequestBody } from '../serialize-request-body.js';
import { convertAnthropicMessagesToBedrockBody, convertBedrockChunkToAnthropicEvent } from './convert-anthropic-messages-for-bedrock.js';
import { postBeforeFirstByte } from '../first-byte-deadline.js';
import { isEmbeddingNativeFormat } from '../../catalog/catalog-types.js';
import type { EmbeddingProvider } from '../../inference/inference-embedding-provider-contract.js';
import { createBedrockEmbeddingProvider } from './bedrock-embedding-provider.js';

const EVENT_STREAM = 'application/vnd.amazon.eventstream';

function formatsFor(deployment: Deployment): readonly WireFormat[] {
  return deployment.nativeFormat === 'anthropic' ? ['bedrock-converse', 'bedrock-invoke', 'anthropic-messages'] : ['bedrock-converse', 'bedrock-invoke'];
}

function operationFor(request: UpstreamRequest): BedrockRuntimeOperation {
  if (request.format === 'bedrock-converse') return request.stream ? 'converse-stream' : 'converse';
  return request.stream ? 'invoke-with-response-stream' : 'invoke';
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The error body as a classification plus its text (kept apart: it can echo the prompt). */
async function readErrorBody(body: Dispatcher.ResponseData['body']): Promise<UpstreamErrorBody> {
  return parseUpstreamErrorBody(await body.text().catch(() => ''));
}

/** The Bedrock Runtime client of one deployment; `BedrockProvider` decides what reaches it. */
export class BedrockUpstream implements UpstreamTransport {
  /** Converse and InvokeModel always; a Messages body when this deployment serves a Claude model. */
  private readonly formats: readonly WireFormat[];
  private readonly pool: Pool;
  private readonly url: URL;
  private readonly signer?: BedrockRequestSigner;
  private readonly apiKey?: string;
  /** For a deployment of an embedding model (`nativeFormat` titan-embed or cohere-embed). */
  readonly embeddings?: EmbeddingProvider;

  constructor(readonly deployment: Deployment, env: NodeJS.ProcessEnv = process.env) {
    this.formats = formatsFor(deployment);
    const endpoint = deployment.endpoint === '' ? defaultBedrockEndpoint(deployment.regionId) : deployment.endpoint;
    this.url = new URL(endpoint);
    this.pool = createDeploymentPool(deployment, endpoint);
    const apiKeyEnv = deployment.credentials.apiKeyEnv;
    if (apiKeyEnv) {
      this.apiKey = env[apiKeyEnv];
      if (!this.apiKey) throw new Error(`deployment ${deployment.id}: credentials.apiKeyEnv environment variable ${apiKeyEnv} is not set`);
    } else {
      this.signer = new BedrockRequestSigner(deployment.regionId, resolveBedrockCredentials(deployment.id, endpoint, deployment.credentials, env));
    }
    const family = deployment.nativeFormat;
    if (isEmbeddingNativeFormat(family)) {
      this.embeddings = createBedrockEmbeddingProvider(deployment, family, {
        pool: this.pool,
        basePath: joinEndpointPath(this.url.href, ''),
        authorize: (path, body, headers) => this.authorize(path, body, { stream: false, format: 'bedrock-invoke', headers }),
      });
    }
  }

  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    if (!this.formats.includes(request.format)) throw new UpstreamFailure('rejected', `${this.deployment.id} does not accept ${request.format} requests`);
    if (request.format === 'anthropic-messages') return this.sendAnthropicMessages(request);
    const operation = operationFor(request);
    const body = request.body instanceof Uint8Array ? request.body : Buffer.from(serializeRequestBody(request.body, this.deployment.id), 'utf8');
    const path = bedrockModelPath(joinEndpointPath(this.url.href, ''), this.deployment.upstreamModel, operation);
    const headers = await this.authorize(path, body, request);
    const response = await postBeforeFirstByte(this.pool, this.deployment, { path, headers, body, signal: request.signal, abortAttempt: request.abortAttempt });
    const rateLimit = parseRateLimitHeaders(response.headers);
    if (response.statusCode !== 200) {
      const errorBody = await readErrorBody(response.body);
      throw classifyBedrockHttpError(this.deployment.id, response.statusCode, header(response.headers, 'x-amzn-errortype'), errorBody, {
        retryAfterMs: parseRetryAfterMs(response.headers),
        rateLimit,
      });
    }
    if (request.stream) return this.streamResponse(response, request, rateLimit);
    return this.jsonResponse(response, request, rateLimit);
  }

  /** A Messages request as InvokeModel with Claude's body; the answer is Anthropic's already (chunks unwrapped). */
  private async sendAnthropicMessages(request: UpstreamRequest): Promise<UpstreamResponse> {
    if (request.body instanceof Uint8Array) throw new UpstreamFailure('rejected', `${this.deployment.id}: a Messages request must be a JSON object`);
    const response = await this.send({ ...request, format: 'bedrock-invoke', body: convertAnthropicMessagesToBedrockBody(request.body) });
    if (response.kind === 'json') return response;
    const { events, relay } = response;
    async function* unwrapped(): AsyncGenerator<UpstreamStreamEvent> {
      for await (const event of events) if (event.format === 'bedrock-invoke') yield convertBedrockChunkToAnthropicEvent(event.chunk);
    }
    return {
      ...response,
      events: { [Symbol.asyncIterator]: unwrapped },
      relay: relay && ((write) => relay((event) => (event.format === 'bedrock-invoke' ? write(convertBedrockChunkToAnthropicEvent(event.chunk)) : undefined))),
    };
  }

  private async authorize(
    path: string,
    body: Uint8Array,
    request: Pick<UpstreamRequest, 'stream' | 'format' | 'traceHeaders' | 'serviceTier' | 'wireOptions'> & { headers?: Record<string, string> },
  ): Promise<Record<string, string>> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: request.stream ? EVENT_STREAM : 'application/json',
      ...(request.format === 'bedrock-invoke' && request.stream ? { 'x-amzn-bedrock-accept': 'application/json' } : {}),
      ...(request.format === 'bedrock-invoke' && request.serviceTier !== undefined ? { 'x-amzn-bedrock-service-tier': request.serviceTier } : {}),
      ...(request.format === 'bedrock-invoke' ? request.wireOptions : undefined),
      ...request.traceHeaders,
      ...request.headers,
    };
    if (this.apiKey !== undefined) return { ...headers, host: this.url.host, authorization: `Bearer ${this.apiKey}` };
    try {
      return await (this.signer as BedrockRequestSigner).sign({ url: this.url, path, headers, body });
    } catch (error) {
      throw new UpstreamFailure('unavailable', `${this.deployment.id}: cannot sign the request: ${(error as Error).message}`, { cause: error });
    }
  }

  private async jsonResponse(response: Dispatcher.ResponseData, request: UpstreamRequest, rateLimit?: RateLimitObservation): Promise<UpstreamResponse> {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.body.arrayBuffer());
    } catch (error) {
      throw classifyTransportError(error, request.signal, this.deployment.id);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch {
      throw new UpstreamFailure('unavailable', `${this.deployment.id}: the response body is not JSON`);
    }
    const fromBody = usageFromNativeBody(parsed);
    const usage = usageFromTokenCountHeaders(response.headers) ?? fromBody ?? { inputTokens: 0, outputTokens: 0 };
    if (request.format === 'bedrock-invoke') return { kind: 'json', body: bytes, usage, rateLimit };
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UpstreamFailure('unavailable', `${this.deployment.id}: the Converse response is not a JSON object`);
    }
    return { kind: 'json', body: parsed as Record<string, unknown>, usage, rateLimit };
  }

  private async streamResponse(response: Dispatcher.ResponseData, request: UpstreamRequest, rateLimit?: RateLimitObservation): Promise<UpstreamResponse> {
    const deploymentId = this.deployment.id;
    const reader = new PushedBodyReader<EventStreamMessage>(response.body, new EventStreamDecoder());
    let first: EventStreamMessage[];
    try {
      first = await reader.firstBatch();
    } catch (error) {
      response.body.destroy();
      throw classifyTransportError(error, request.signal, deploymentId);
    }
    const opening = first[0];
    if (opening === undefined) throw new UpstreamFailure('unavailable', `${deploymentId}: the event stream ended before its first event`);
    if (opening.messageType !== 'event') {
      response.body.destroy();
      const text = opening.errorMessage ?? Buffer.from(opening.body).toString('utf8').slice(0, 300);
      throw classifyBedrockStreamException(deploymentId, opening.type, text, false);
    }
    return readBedrockEventStream({
      deploymentId,
      format: request.format === 'bedrock-invoke' ? 'bedrock-invoke' : 'bedrock-converse',
      first,
      reader,
      body: response.body,
      signal: request.signal,
      headerUsage: usageFromTokenCountHeaders(response.headers),
      rateLimit,
    });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
