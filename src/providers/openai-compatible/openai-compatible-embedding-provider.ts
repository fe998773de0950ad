/**
 * Embeddings of an OpenAI-compatible upstream (`POST {endpoint}/embeddings`), over the deployment's pool: the
 * canonical request as OpenAI's body (floats asked for; the surface encodes base64 itself), the answer read back.
 * Honours `dimensions`, `user`, token-id inputs and several inputs per call.
 */
import type { Pool } from 'undici';
import type { Deployment } from '../../catalog/catalog-types.js';
import type { EmbeddingSettingName } from '../../inference/inference-embedding-request.js';
import type { EmbeddingProvider } from '../../inference/inference-embedding-provider-contract.js';
import { classifyHttpStatus, classifyTransportError } from '../classify-upstream-error.js';
import { joinEndpointPath } from '../create-deployment-pool.js';
import { postBeforeFirstByte } from '../first-byte-deadline.js';
import { parseUpstreamErrorBody } from '../parse-upstream-error-body.js';
import { parseRateLimitHeaders, parseRetryAfterMs } from '../parse-rate-limit-headers.js';
import { serializeRequestBody } from '../serialize-request-body.js';
import { UpstreamFailure } from '../upstream-contract.js';
import { convertOpenAiEmbeddingsResponseToInference } from './convert-openai-embeddings-response.js';
import { convertInferenceToOpenAiEmbeddingsRequest } from './convert-to-openai-embeddings-request.js';

const HONOURS: ReadonlySet<EmbeddingSettingName> = new Set(['dimensions', 'user', 'tokenInputs', 'multipleInputs']);

export function createOpenAiCompatibleEmbeddingProvider(deployment: Deployment, pool: Pool, headers: Readonly<Record<string, string>>): EmbeddingProvider {
  const path = joinEndpointPath(deployment.endpoint, '/embeddings');
  return {
    honours: HONOURS,
    async embed(request, options) {
      const body = serializeRequestBody(convertInferenceToOpenAiEmbeddingsRequest(request, deployment.upstreamModel), deployment.id);
      const response = await postBeforeFirstByte(pool, deployment, {
        path,
        headers: { ...headers, 'x-request-id': options.requestId },
        body,
        signal: options.signal,
      });
      const rateLimit = parseRateLimitHeaders(response.headers);
      if (response.statusCode !== 200) {
        const errorBody = parseUpstreamErrorBody(await response.body.text().catch(() => ''));
        const failure = classifyHttpStatus(response.statusCode, deployment.id, errorBody, { retryAfterMs: parseRetryAfterMs(response.headers) });
        throw new UpstreamFailure(failure.kind, failure.message, {
          status: failure.status, retryAfterMs: failure.retryAfterMs, rateLimit, upstreamErrorType: failure.upstreamErrorType, upstreamText: failure.upstreamText,
        });
      }
      let json: unknown;
      try {
        json = await response.body.json();
      } catch (error) {
        throw classifyTransportError(error, options.signal, deployment.id);
      }
      return { result: convertOpenAiEmbeddingsResponseToInference(json, request.inputs.length, deployment.id), rateLimit };
    },
  };
}
