/**
 * The Vertex AI Gemini converters against recorded wire fixtures, both directions: a canonical request out as a
 * generateContent body; Gemini's response, stream chunks, blocked prompt and error back as canonical values.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InferenceRequest } from '../../../src/inference/inference-request.js';
import { classifyGeminiHttpError } from '../../../src/providers/vertex-gemini/classify-gemini-error.js';
import { convertGeminiResponse } from '../../../src/providers/vertex-gemini/convert-gemini-response.js';
import { GeminiStreamChunkConverter } from '../../../src/providers/vertex-gemini/convert-gemini-stream-chunks.js';
import { convertToGeminiContents } from '../../../src/providers/vertex-gemini/convert-to-gemini-contents.js';
import { convertToGeminiRequest } from '../../../src/providers/vertex-gemini/convert-to-gemini-request.js';
import { mapGeminiFinishReason } from '../../../src/providers/vertex-gemini/map-gemini-finish-reason.js';
import { defaultVertexEndpoint, vertexGeminiPaths } from '../../../src/providers/vertex-gemini/vertex-gemini-endpoint.js';
import { readJsonFixture } from '../../support/read-json-fixture.js';

const here = import.meta.dirname;
const fixture = <T>(name: string) => readJsonFixture<T>(here, name);
const text = (name: string) => readFileSync(join(here, '__fixtures__', name), 'utf8');

describe('vertex-gemini converters (recorded fixtures)', () => {
  it('canonical request -> generateContent body (contents, systemInstruction, tools, toolConfig, generationConfig, labels)', () => {
    assert.deepEqual(convertToGeminiRequest(fixture<InferenceRequest>('canonical-request.json')), fixture('generate-content-request.gemini.json'));
  });

  it('generateContent response -> canonical result: thoughts, merged text, calls, cached and thinking tokens', () => {
    assert.deepEqual(convertGeminiResponse(fixture('generate-content-response.gemini.json')), fixture('generate-content-response.canonical.json'));
  });

  it('a blocked prompt -> a content-filter answer with no content', () => {
    assert.deepEqual(convertGeminiResponse(fixture('blocked-prompt.gemini.json')), fixture('blocked-prompt.canonical.json'));
  });

  it('streamGenerateContent chunks -> canonical parts; a safety stop finishes as content-filter', () => {
    const converter = new GeminiStreamChunkConverter();
    const parts = text('stream-generate-content.gemini.chunks.txt').split('\n').filter((line) => line.startsWith('data: '))
      .flatMap((line) => converter.push(JSON.parse(line.slice(6)) as Record<string, unknown>));
    assert.deepEqual(parts, fixture('stream-generate-content.canonical.json'));
    assert.ok(converter.finished);
  });

  it('RESOURCE_EXHAUSTED -> throttled with its RetryInfo delay; the message is never the classification', () => {
    const failure = classifyGeminiHttpError('vertex-eu', 429, text('resource-exhausted.gemini.json'), {});
    assert.equal(failure.kind, 'throttled');
    assert.equal(failure.retryAfterMs, 7000);
    assert.equal(failure.upstreamErrorType, 'RESOURCE_EXHAUSTED');
    assert.ok(!failure.message.includes('Resource exhausted'));
    assert.equal(classifyGeminiHttpError('vertex-eu', 400, '{"error":{"code":400,"status":"INVALID_ARGUMENT","message":"x"}}', {}).kind, 'rejected');
  });

  it('names a tool result after the call it answers when the caller\'s wire did not', () => {
    const { contents } = convertToGeminiContents([], [
      { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_1', name: 'lookup', input: '' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'found' }], isError: true }] },
    ]);
    assert.deepEqual(contents, [
      { role: 'model', parts: [{ functionCall: { name: 'lookup', args: {} } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'lookup', response: { error: 'found' } } }] },
    ]);
  });

  it('maps finish reasons, the safety family to content-filter', () => {
    assert.deepEqual(['STOP', 'MAX_TOKENS', 'SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'MALFORMED_FUNCTION_CALL', 'OTHER'].map((r) => mapGeminiFinishReason(r, false).kind),
      ['stop', 'length', 'content-filter', 'content-filter', 'content-filter', 'content-filter', 'content-filter', 'error', 'other']);
    assert.equal(mapGeminiFinishReason('STOP', true).kind, 'tool-calls');
  });

  it('picks the endpoint of a region, a multi-region and the global location', () => {
    assert.equal(defaultVertexEndpoint('europe-west4'), 'https://europe-west4-aiplatform.googleapis.com');
    assert.equal(defaultVertexEndpoint('eu'), 'https://aiplatform.eu.rep.googleapis.com');
    assert.equal(defaultVertexEndpoint('us'), 'https://aiplatform.us.rep.googleapis.com');
    assert.equal(defaultVertexEndpoint('global'), 'https://aiplatform.googleapis.com');
    assert.deepEqual(vertexGeminiPaths('https://aiplatform.eu.rep.googleapis.com', { project: 'p', location: 'eu' }, 'gemini-2.5-pro'), {
      generate: '/v1/projects/p/locations/eu/publishers/google/models/gemini-2.5-pro:generateContent',
      stream: '/v1/projects/p/locations/eu/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    });
  });
});
