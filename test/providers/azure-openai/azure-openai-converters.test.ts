/**
 * The Azure OpenAI converters against recorded wire fixtures, both directions: a canonical request out as Azure's
 * chat body; Azure's response, stream chunks and content-filter error back as canonical results and parts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InferenceRequest } from '../../../src/inference/inference-request.js';
import { contentFilterResult } from '../../../src/providers/azure-openai/azure-content-filter-answer.js';
import { azureChatTarget } from '../../../src/providers/azure-openai/azure-openai-url.js';
import { classifyAzureHttpError } from '../../../src/providers/azure-openai/classify-azure-error.js';
import { AzureChatChunkConverter } from '../../../src/providers/azure-openai/convert-azure-chat-chunks.js';
import { convertAzureChatResponse } from '../../../src/providers/azure-openai/convert-azure-chat-response.js';
import { convertToAzureChatRequest } from '../../../src/providers/azure-openai/convert-to-azure-chat-request.js';
import { mapAzureFinishReason } from '../../../src/providers/azure-openai/map-azure-finish-reason.js';
import { readJsonFixture } from '../../support/read-json-fixture.js';

const here = import.meta.dirname;
const fixture = <T>(name: string) => readJsonFixture<T>(here, name);

function chunksOf(name: string): Record<string, unknown>[] {
  return readFileSync(join(here, '__fixtures__', name), 'utf8').split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

describe('azure-openai converters (recorded fixtures)', () => {
  it('canonical request -> Azure chat body (deployments style: no model)', () => {
    const body = convertToAzureChatRequest(fixture<InferenceRequest>('canonical-request.json'), { stream: true });
    assert.deepEqual(body, fixture('chat-request.azure.json'));
  });

  it('the v1 style names the deployment in the body', () => {
    const body = convertToAzureChatRequest(fixture<InferenceRequest>('canonical-request.json'), { model: 'gpt-4o-eu', stream: false });
    assert.equal(body.model, 'gpt-4o-eu');
    assert.equal(body.stream, undefined);
  });

  it('Azure chat response -> canonical result, cached tokens and filter annotations kept', () => {
    assert.deepEqual(convertAzureChatResponse(fixture('chat-response.azure.json')), fixture('chat-response.canonical.json'));
  });

  it('Azure stream chunks -> canonical parts; an output filter finishes as content-filter', () => {
    const converter = new AzureChatChunkConverter();
    const parts = chunksOf('chat-stream.azure.chunks.txt').flatMap((chunk) => converter.push(chunk));
    assert.deepEqual(parts, fixture('chat-stream.canonical.json'));
    assert.ok(converter.finished);
  });

  it('a 400 content_filter error -> a content-filter answer, not a failure', () => {
    const verdict = classifyAzureHttpError('azure-eu', 400, readFileSync(join(here, '__fixtures__', 'content-filter-error.azure.json'), 'utf8'), {});
    assert.equal(verdict.kind, 'content-filter');
    assert.deepEqual(verdict.kind === 'content-filter' ? contentFilterResult(verdict.promptFilterResults) : undefined, fixture('content-filter-error.canonical.json'));
    const other = classifyAzureHttpError('azure-eu', 400, '{"error":{"code":"invalid_prompt","message":"secret prompt text"}}', {});
    assert.ok(other.kind === 'failure' && other.failure.kind === 'rejected' && !other.failure.message.includes('secret'));
  });

  it('maps every finish reason', () => {
    assert.deepEqual(['stop', 'length', 'tool_calls', 'function_call', 'content_filter', 'odd'].map((r) => mapAzureFinishReason(r).kind), ['stop', 'length', 'tool-calls', 'tool-calls', 'content-filter', 'other']);
  });

  it('builds both URL styles', () => {
    assert.deepEqual(azureChatTarget('https://res.openai.azure.com', 'gpt 4o', '2024-10-21'), { path: '/openai/deployments/gpt%204o/chat/completions?api-version=2024-10-21' });
    assert.deepEqual(azureChatTarget('https://res.openai.azure.com/', 'gpt-4o', undefined), { path: '/openai/v1/chat/completions', model: 'gpt-4o' });
  });
});
