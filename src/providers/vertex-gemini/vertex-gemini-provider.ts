/**
 * Provider kind `vertex-gemini`: Gemini on Vertex AI (`generateContent`, `streamGenerateContent?alt=sse`) over an
 * undici pool, with a bearer token from google-auth-library (vertex-access-token.ts). Every request is converted
 * from the canonical model (no surface speaks Gemini's wire). The endpoint follows `vertex.location`
 * (vertex-gemini-endpoint.ts); where it may process is the deployment's processing set (vertex-processing-set.ts).
 */
import type { Dispatcher, Pool } from 'undici';
import type { Deployment } from '../../catalog/catalog-types.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type {
  InferenceProvider,
  InferenceProviderFactory,
  ProviderCallOptions,
  ProviderGenerateResponse,
  ProviderRateLimit,
  ProviderStreamResponse,
} from '../../inference/inference-provider-contract.js';
import { classifyTransportError } from '../classify-upstream-error.js';
import { createDeploymentPool } from '../create-deployment-pool.js';
import { postBeforeFirstByte } from '../first-byte-deadline.js';
import { parseRateLimitHeaders, parseRetryAfterMs } from '../parse-rate-limit-headers.js';
import { jsonChunkStreamParts, readSseDataStream } from '../read-sse-data-stream.js';
import { serializeRequestBody } from '../serialize-request-body.js';
import { UpstreamFailure } from '../upstream-contract.js';
import { classifyGeminiHttpError } from './classify-gemini-error.js';
import { convertGeminiResponse } from './convert-gemini-response.js';
import { GeminiStreamChunkConverter } from './convert-gemini-stream-chunks.js';
import { convertToGeminiRequest } from './convert-to-gemini-request.js';
import { createVertexAccessToken, type VertexAccessToken } from './vertex-access-token.js';
import { defaultVertexEndpoint, vertexGeminiPaths, type VertexGeminiPaths } from './vertex-gemini-endpoint.js';
import { vertexGeminiCapabilities } from './vertex-gemini-capabilities.js';

export class VertexGeminiProvider implements InferenceProvider {
  readonly specificationVersion = 'georoute-inference-v1' as const;
  readonly capabilities = vertexGeminiCapabilities;
  private readonly pool: Pool;
  private readonly paths: VertexGeminiPaths;

  constructor(readonly deployment: Deployment, private readonly accessToken: VertexAccessToken) {
    const settings = deployment.vertex;
    if (settings === undefined) throw new Error(`deployment ${deployment.id}: provider vertex-gemini needs vertex.project and vertex.location`);
    const endpoint = deployment.endpoint === '' ? defaultVertexEndpoint(settings.location) : deployment.endpoint;
    this.pool = createDeploymentPool(deployment, endpoint);
    this.paths = vertexGeminiPaths(endpoint, settings, deployment.upstreamModel);
  }

  private async post(path: string, request: InferenceRequest, options: ProviderCallOptions, stream: boolean): Promise<{ response: Dispatcher.ResponseData; rateLimit?: ProviderRateLimit }> {
    let token: string;
    try {
      token = await this.accessToken();
    } catch (error) {
      throw new UpstreamFailure('unavailable', `${this.deployment.id}: no Google access token (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    const headers = {
      'content-type': 'application/json',
      accept: stream ? 'text/event-stream' : 'application/json',
      authorization: `Bearer ${token}`,
      'x-request-id': options.requestId,
      ...options.traceHeaders,
    };
    const body = serializeRequestBody(convertToGeminiRequest(request), this.deployment.id);
    const response = await postBeforeFirstByte(this.pool, this.deployment, { path, headers, body, signal: options.signal, abortAttempt: options.abortAttempt });
    const rateLimit = parseRateLimitHeaders(response.headers);
    if (response.statusCode === 200) return { response, rateLimit };
    const text = await response.body.text().catch(() => '');
    throw classifyGeminiHttpError(this.deployment.id, response.statusCode, text, { retryAfterMs: parseRetryAfterMs(response.headers), rateLimit });
  }

  async generate(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderGenerateResponse> {
    const { response, rateLimit } = await this.post(this.paths.generate, request, options, false);
    let parsed: unknown;
    try {
      parsed = await response.body.json();
    } catch (error) {
      throw classifyTransportError(error, options.signal, this.deployment.id);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UpstreamFailure('unavailable', `${this.deployment.id}: the response is not a JSON object`);
    }
    return { result: convertGeminiResponse(parsed as Record<string, unknown>), rateLimit };
  }

  async stream(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderStreamResponse> {
    const { response, rateLimit } = await this.post(this.paths.stream, request, options, true);
    const sse = await readSseDataStream(response.body, options.signal, this.deployment.id, { requireDone: false });
    const converter = new GeminiStreamChunkConverter();
    // Gemini's stream has no end marker: the finishing chunk is the only sign it completed.
    return { parts: jsonChunkStreamParts(sse, converter, this.deployment.id), usage: () => converter.usage, rateLimit };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

export const vertexGeminiProviderFactory: InferenceProviderFactory = {
  kind: 'vertex-gemini',
  create: (deployment) => new VertexGeminiProvider(deployment, createVertexAccessToken(deployment)),
};
