/**
 * Embeddings of a Bedrock deployment of an embedding model: InvokeModel with the body of the model's family
 * (Titan Text Embeddings V2, Cohere Embed; the codecs of src/surfaces/bedrock-invoke/), one call per batch the
 * family takes, in order, over the deployment's pool and signer. The service tier goes as
 * `X-Amzn-Bedrock-Service-Tier`; the tier Bedrock answers with comes back in the result.
 */
import type { Dispatcher, Pool } from 'undici';
import type { Deployment, EmbeddingNativeFormat } from '../../catalog/catalog-types.js';
import type { EmbeddingProvider } from '../../inference/inference-embedding-provider-contract.js';
import type { EmbeddingResult } from '../../inference/inference-embedding-result.js';
import { embeddingInvokeCodecs } from '../../surfaces/bedrock-invoke/embedding-invoke-codecs.js';
import { classifyTransportError } from '../classify-upstream-error.js';
import { postBeforeFirstByte } from '../first-byte-deadline.js';
import { parseUpstreamErrorBody } from '../parse-upstream-error-body.js';
import { parseRateLimitHeaders, parseRetryAfterMs } from '../parse-rate-limit-headers.js';
import { UpstreamFailure, type RateLimitObservation } from '../upstream-contract.js';
import { classifyBedrockHttpError } from './classify-bedrock-error.js';
import { bedrockModelPath } from './bedrock-model-path.js';
import { usageFromTokenCountHeaders } from './read-bedrock-usage.js';
import type { StopSignal } from '../../inference/stop-signal.js';

export interface BedrockEmbeddingTransport {
  pool: Pool;
  /** The endpoint's base path (`''` for the public endpoint). */
  basePath: string;
  /** The headers to send for this path and body: signed with SigV4, or with the Bedrock API key. */
  authorize(path: string, body: Uint8Array, headers: Record<string, string>): Promise<Record<string, string>>;
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function createBedrockEmbeddingProvider(deployment: Deployment, family: EmbeddingNativeFormat, transport: BedrockEmbeddingTransport): EmbeddingProvider {
  const codec = embeddingInvokeCodecs[family];
  const path = bedrockModelPath(transport.basePath, deployment.upstreamModel, 'invoke');

  async function call(body: Record<string, unknown>, inputs: number, serviceTier: string | undefined, signal: StopSignal): Promise<{ result: EmbeddingResult; rateLimit?: RateLimitObservation }> {
    const bytes = Buffer.from(JSON.stringify(body), 'utf8');
    const headers = await transport.authorize(path, bytes, {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(serviceTier === undefined ? {} : { 'x-amzn-bedrock-service-tier': serviceTier }),
    });
    const response = await postBeforeFirstByte(transport.pool, deployment, { path, headers, body: bytes, signal });
    const rateLimit = parseRateLimitHeaders(response.headers);
    if (response.statusCode !== 200) {
      const errorBody = parseUpstreamErrorBody(await response.body.text().catch(() => ''));
      throw classifyBedrockHttpError(deployment.id, response.statusCode, header(response.headers, 'x-amzn-errortype'), errorBody, {
        retryAfterMs: parseRetryAfterMs(response.headers),
        rateLimit,
      });
    }
    let json: unknown;
    try {
      json = await response.body.json();
    } catch (error) {
      throw classifyTransportError(error, signal, deployment.id);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UpstreamFailure('unavailable', `${deployment.id}: the embedding response is not a JSON object`);
    try {
      const result = codec.fromUpstreamAnswer({ body: json as Record<string, unknown>, headerInputTokens: usageFromTokenCountHeaders(response.headers)?.inputTokens }, inputs);
      const tier = header(response.headers, 'x-amzn-bedrock-service-tier');
      return { result: tier === undefined ? result : { ...result, serviceTier: tier }, rateLimit };
    } catch (error) {
      throw new UpstreamFailure('unavailable', `${deployment.id}: the embedding response is malformed`, { cause: error });
    }
  }

  return {
    honours: codec.honours,
    async embed(request, options) {
      let batches: ReturnType<typeof codec.toUpstreamBodies>;
      try {
        batches = codec.toUpstreamBodies(request, options.model);
      } catch (error) {
        throw new UpstreamFailure('rejected', `${deployment.id}: ${family} cannot take this request`, { cause: error });
      }
      const merged: EmbeddingResult = { embeddings: [], inputTokens: 0 };
      let rateLimit: RateLimitObservation | undefined;
      for (const batch of batches) {
        const answer = await call(batch.body, batch.inputs, request.settings.serviceTier, options.signal);
        merged.embeddings.push(...answer.result.embeddings);
        merged.inputTokens += answer.result.inputTokens;
        merged.id ??= answer.result.id;
        merged.serviceTier ??= answer.result.serviceTier;
        rateLimit = answer.rateLimit ?? rateLimit;
      }
      return { result: merged, rateLimit };
    },
  };
}
