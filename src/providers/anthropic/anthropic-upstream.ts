/**
 * Provider kind `anthropic`: the Anthropic Messages API (`POST {endpoint}/v1/messages`, default
 * `https://api.anthropic.com`) over an undici pool, with `x-api-key` (`credentials.apiKeyEnv`), `anthropic-version`
 * and `anthropic-beta`. Serves `anthropic-messages` requests on the fast path (only the model id substituted,
 * the answer relayed as it comes, usage read on the way) and Bedrock Claude InvokeModel bodies (`bedrock-invoke`,
 * answered as Bedrock would: the message bytes, or one chunk per event). `anthropic-ratelimit-*` and
 * `retry-after` feed the deployment's learned limit.
 */
import type { Dispatcher, Pool } from 'undici';
import type { Deployment } from '../../catalog/catalog-types.js';
import { usageFromAnthropicUsage } from '../../surfaces/anthropic-messages/read-anthropic-usage.js';
import { classifyTransportError } from '../classify-upstream-error.js';
import { createDeploymentPool, joinEndpointPath } from '../create-deployment-pool.js';
import { postBeforeFirstByte } from '../first-byte-deadline.js';
import { serializeRequestBody } from '../serialize-request-body.js';
import { UpstreamFailure, type RateLimitObservation } from '../upstream-contract.js';
import type { UpstreamRequest, UpstreamResponse, UpstreamTransport } from '../upstream-transport.js';
import { classifyAnthropicHttpError } from './classify-anthropic-error.js';
import { convertBedrockBodyToAnthropicRequest, convertMessagesBodyToAnthropicRequest, type AnthropicUpstreamRequest } from './convert-to-anthropic-request.js';
import { parseAnthropicRateLimitHeaders, parseRetryAfterMs } from './parse-anthropic-rate-limit-headers.js';
import { readAnthropicSseStream } from './read-anthropic-sse-stream.js';

export const DEFAULT_ANTHROPIC_ENDPOINT = 'https://api.anthropic.com';
export const ANTHROPIC_API_VERSION = '2023-06-01';

function parseBody(body: Record<string, unknown> | Uint8Array, deploymentId: string): Record<string, unknown> {
  if (!(body instanceof Uint8Array)) return body;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new UpstreamFailure('rejected', `${deploymentId}: the InvokeModel body is not a JSON object`, { status: 400 });
}

/** The Messages API client of one deployment; `AnthropicProvider` decides what reaches it. */
export class AnthropicUpstream implements UpstreamTransport {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly apiKey?: string;

  constructor(readonly deployment: Deployment, env: NodeJS.ProcessEnv = process.env) {
    const endpoint = deployment.endpoint === '' ? DEFAULT_ANTHROPIC_ENDPOINT : deployment.endpoint;
    this.pool = createDeploymentPool(deployment, endpoint);
    this.path = joinEndpointPath(endpoint, '/v1/messages');
    const apiKeyEnv = deployment.credentials.apiKeyEnv;
    if (apiKeyEnv) {
      this.apiKey = env[apiKeyEnv];
      if (!this.apiKey) throw new Error(`deployment ${deployment.id}: credentials.apiKeyEnv environment variable ${apiKeyEnv} is not set`);
    }
  }

  private convert(request: UpstreamRequest): AnthropicUpstreamRequest {
    const body = parseBody(request.body, this.deployment.id);
    if (request.format === 'anthropic-messages') return convertMessagesBodyToAnthropicRequest(body, this.deployment.upstreamModel, request.stream);
    if (request.format === 'bedrock-invoke') return convertBedrockBodyToAnthropicRequest(body, this.deployment.upstreamModel, request.stream);
    throw new UpstreamFailure('rejected', `${this.deployment.id} does not accept ${request.format} requests`);
  }

  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const startedAt = Date.now();
    const converted = this.convert(request);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: request.stream ? 'text/event-stream' : 'application/json',
      'anthropic-version': ANTHROPIC_API_VERSION,
      'x-request-id': request.requestId,
      ...(this.apiKey === undefined ? {} : { 'x-api-key': this.apiKey }),
      ...(converted.betas.length === 0 ? {} : { 'anthropic-beta': converted.betas.join(',') }),
      ...request.traceHeaders,
    };
    const body = serializeRequestBody(converted.body, this.deployment.id);
    const response = await postBeforeFirstByte(this.pool, this.deployment, { path: this.path, headers, body, signal: request.signal, abortAttempt: request.abortAttempt });
    const rateLimit = parseAnthropicRateLimitHeaders(response.headers);
    if (response.statusCode !== 200) {
      const text = await response.body.text().catch(() => '');
      throw classifyAnthropicHttpError(this.deployment.id, response.statusCode, text, { retryAfterMs: parseRetryAfterMs(response.headers), rateLimit });
    }
    if (request.stream) {
      const format = request.format === 'bedrock-invoke' ? 'bedrock-invoke' : 'anthropic-messages';
      return readAnthropicSseStream({ deploymentId: this.deployment.id, format, body: response.body, signal: request.signal, rateLimit, startedAt });
    }
    return this.jsonResponse(response, request, rateLimit);
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
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UpstreamFailure('unavailable', `${this.deployment.id}: the response is not a JSON object`);
    }
    const message = parsed as Record<string, unknown>;
    const usage = usageFromAnthropicUsage(message.usage) ?? { inputTokens: 0, outputTokens: 0 };
    // The message is relayed as the upstream wrote it; its bytes are Bedrock's InvokeModel answer for Claude too.
    return { kind: 'json', body: bytes, usage, rateLimit };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
