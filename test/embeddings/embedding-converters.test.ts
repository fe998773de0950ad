/** The embedding converters against recorded fixtures, both directions: each wire <-> the canonical embedding model. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Model } from '../../src/catalog/catalog-types.js';
import type { EmbeddingRequest } from '../../src/inference/inference-embedding-request.js';
import type { EmbeddingResult } from '../../src/inference/inference-embedding-result.js';
import { listRequestedEmbeddingSettings } from '../../src/capabilities/list-requested-embedding-settings.js';
import { convertOpenAiEmbeddingsResponseToInference } from '../../src/providers/openai-compatible/convert-openai-embeddings-response.js';
import { convertInferenceToOpenAiEmbeddingsRequest } from '../../src/providers/openai-compatible/convert-to-openai-embeddings-request.js';
import { cohereEmbedInvokeCodec, COHERE_MAX_TEXTS } from '../../src/surfaces/bedrock-invoke/cohere-embed-invoke-codec.js';
import { titanEmbedInvokeCodec } from '../../src/surfaces/bedrock-invoke/titan-embed-invoke-codec.js';
import { convertOpenAiEmbeddingsRequestToInference } from '../../src/surfaces/openai-embeddings/convert-openai-embeddings-request.js';
import { parseOpenAiEmbeddingsRequest } from '../../src/surfaces/openai-embeddings/openai-embeddings-request-schema.js';
import { renderOpenAiEmbeddingsResponse } from '../../src/surfaces/openai-embeddings/render-openai-embeddings-response.js';

type Body = Record<string, unknown>;
interface CodecFixture {
  wireRequest: Body;
  request: EmbeddingRequest;
  wireResponse: Body;
  headerInputTokens?: number;
  result: EmbeddingResult;
}
interface OpenAiFixture {
  wireRequest: Body & { model: string };
  request: EmbeddingRequest;
  upstreamRequest: Body;
  result: EmbeddingResult;
  wireResponseFloat: Body;
  wireResponseBase64: Body;
}
const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8')) as T;
const model = { id: 'm', embedding: { dimensions: 1024, allowedDimensions: [256, 1024] } } as unknown as Model;

describe('embedding converters', () => {
  it('Titan: body <-> canonical request, answer <-> canonical result', () => {
    const f = fixture<CodecFixture>('titan-embed');
    const request = titanEmbedInvokeCodec.parse(f.wireRequest);
    assert.deepEqual(request, f.request);
    assert.deepEqual(titanEmbedInvokeCodec.toUpstreamBodies(request, model), [{ inputs: 1, body: f.wireRequest }]);
    const result = titanEmbedInvokeCodec.fromUpstreamAnswer({ body: f.wireResponse }, 1);
    assert.deepEqual(result, f.result);
    assert.deepEqual(titanEmbedInvokeCodec.render(result, request), f.wireResponse);
  });

  it('Titan takes one text per call: several inputs are several bodies', () => {
    const bodies = titanEmbedInvokeCodec.toUpstreamBodies({ inputs: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }], settings: {} }, model);
    assert.deepEqual(bodies.map((b) => b.body), [{ inputText: 'a' }, { inputText: 'b' }]);
  });

  it('Cohere: body <-> canonical request, answer by type <-> canonical result; batches of 96', () => {
    const f = fixture<CodecFixture>('cohere-embed');
    const request = cohereEmbedInvokeCodec.parse(f.wireRequest);
    assert.deepEqual(request, f.request);
    assert.deepEqual(cohereEmbedInvokeCodec.toUpstreamBodies(request, model), [{ inputs: 2, body: f.wireRequest }]);
    const result = cohereEmbedInvokeCodec.fromUpstreamAnswer({ body: f.wireResponse, headerInputTokens: f.headerInputTokens }, 2);
    assert.deepEqual(result, f.result);
    assert.deepEqual(cohereEmbedInvokeCodec.render(result, request), f.wireResponse);
    const many = Array.from({ length: COHERE_MAX_TEXTS + 1 }, (_, i) => ({ type: 'text' as const, text: `t${i}` }));
    const batches = cohereEmbedInvokeCodec.toUpstreamBodies({ inputs: many, settings: {} }, model);
    assert.deepEqual(batches.map((b) => b.inputs), [COHERE_MAX_TEXTS, 1]);
    assert.equal(batches[0].body.input_type, 'search_document', 'a request from another wire is embedded as a document');
  });

  it('OpenAI: request -> canonical -> upstream body; canonical result -> float and base64 responses -> canonical', () => {
    const f = fixture<OpenAiFixture>('openai-embeddings');
    const request = convertOpenAiEmbeddingsRequestToInference(parseOpenAiEmbeddingsRequest(f.wireRequest));
    assert.deepEqual(request, f.request);
    assert.deepEqual(convertInferenceToOpenAiEmbeddingsRequest(request, 'text-embedding-3-small'), f.upstreamRequest);
    assert.deepEqual(renderOpenAiEmbeddingsResponse(f.result, f.wireRequest.model, 'float'), f.wireResponseFloat);
    assert.deepEqual(renderOpenAiEmbeddingsResponse(f.result, f.wireRequest.model, 'base64'), f.wireResponseBase64);
    assert.deepEqual(convertOpenAiEmbeddingsResponseToInference(f.wireResponseFloat, 2, 'd'), f.result);
    assert.deepEqual(convertOpenAiEmbeddingsResponseToInference(f.wireResponseBase64, 2, 'd'), f.result);
    assert.throws(() => convertOpenAiEmbeddingsResponseToInference(f.wireResponseFloat, 3, 'd'), /does not hold 3/);
  });

  it('lists what a request asks for: defaults ask nothing', () => {
    assert.deepEqual(listRequestedEmbeddingSettings({ inputs: [{ type: 'text', text: 'x' }], settings: { normalize: true, embeddingTypes: ['float'] } }), []);
    assert.deepEqual(
      listRequestedEmbeddingSettings({ inputs: [{ type: 'tokens', tokens: [1] }, { type: 'text', text: 'y' }], settings: { normalize: false, dimensions: 256 } }),
      ['normalize', 'dimensions', 'tokenInputs', 'multipleInputs'],
    );
  });
});
