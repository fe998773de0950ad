/**
 * The bedrock provider's Converse converters against recorded fixtures (a Converse response and a ConverseStream
 * as Bedrock sends them -> canonical), the settings that become family fields, what Converse cannot say, and
 * fast-check round trips through the Converse surface: canonical -> Converse -> canonical, and stream parts ->
 * ConverseStream events -> parts.
 */
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { GeorouteError } from '../../../src/errors/error-catalog.js';
import type { InferenceRequest } from '../../../src/inference/inference-request.js';
import type { InferenceResult } from '../../../src/inference/inference-result.js';
import type { InferenceStreamPart } from '../../../src/inference/inference-stream-part.js';
import { bedrockCapabilities } from '../../../src/providers/bedrock/bedrock-capabilities.js';
import { ConverseStreamToInference } from '../../../src/providers/bedrock/convert-converse-stream-to-inference.js';
import { convertConverseResponseToInference } from '../../../src/providers/bedrock/convert-converse-response-to-inference.js';
import { convertToConverseRequest } from '../../../src/providers/bedrock/convert-to-converse-request.js';
import { bedrockConverseSurface } from '../../../src/surfaces/bedrock-converse/bedrock-converse-surface.js';
import { readConverseResponse, readConverseStreamEvent } from '../../../src/surfaces/bedrock-converse/converse-response-schema.js';
import type { ConverseStreamEvent } from '../../../src/surfaces/bedrock-converse/converse-types.js';
import { readJsonFixture } from '../../support/read-json-fixture.js';
import { canonicalMessagesArbitrary, canonicalStreamArbitrary } from '../../support/canonical-arbitraries.js';

const here = dirname(fileURLToPath(import.meta.url));

function convertEvents(events: ReadonlyArray<{ eventType: string; body: unknown }>): InferenceStreamPart[] {
  const converter = new ConverseStreamToInference();
  const parts = events.flatMap((event) => {
    const read = readConverseStreamEvent(event.eventType, event.body);
    return read === undefined ? [] : converter.push(read);
  });
  return [...parts, ...converter.end()];
}

const base: InferenceRequest = { system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], settings: {} };
const renderContext = { requestId: 'r', requestedModelId: 'm', createdAt: 0, latencyMs: () => 7 };

describe('Converse -> canonical (bedrock provider)', () => {
  it('reads a recorded Converse response', () => {
    const result = convertConverseResponseToInference(readConverseResponse(readJsonFixture(here, 'converse-response.json')));
    assert.deepEqual(result, readJsonFixture<InferenceResult>(here, 'converse-response.inference.json'));
  });

  it('reads a recorded ConverseStream, the finish held for the tier in metadata', () => {
    assert.deepEqual(convertEvents(readJsonFixture(here, 'converse-stream.events.json')), readJsonFixture(here, 'converse-stream.parts.json'));
  });

  it('skips event types it does not know and fails a malformed one', () => {
    assert.deepEqual(convertEvents([{ eventType: 'messageStart', body: { role: 'assistant' } }, { eventType: 'somethingNew', body: {} }]), [{ type: 'stream-start' }]);
    assert.throws(() => convertEvents([{ eventType: 'contentBlockDelta', body: { delta: { text: 'x' } } }]), (error: unknown) => error instanceof GeorouteError && error.code === 'stream_interrupted');
  });
});

describe('canonical -> Converse (bedrock provider)', () => {
  it('turns reasoning into the family field: a thinking budget for Claude, an effort for Nova, outputConfig.effort otherwise', () => {
    const effort: InferenceRequest = { ...base, settings: { reasoning: { type: 'enabled', effort: 'medium' } } };
    assert.deepEqual(convertToConverseRequest(effort, { family: 'anthropic' }).additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 8192 } });
    assert.deepEqual(convertToConverseRequest(effort, { family: 'nova' }).additionalModelRequestFields, { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'medium' } });
    assert.deepEqual(convertToConverseRequest(effort).outputConfig, { effort: 'medium' });
    const budget: InferenceRequest = { ...base, settings: { reasoning: { type: 'enabled', budgetTokens: 3000 }, topK: 40 } };
    assert.deepEqual(convertToConverseRequest(budget, { family: 'anthropic' }).additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 3000 }, top_k: 40 });
  });

  it('maps the service tier both ways and structured output to outputConfig.textFormat', () => {
    const request: InferenceRequest = { ...base, settings: { serviceTier: 'auto', responseFormat: { type: 'json-schema', name: 'w', schema: { type: 'object' } } } };
    const converse = convertToConverseRequest(request);
    assert.deepEqual(converse.serviceTier, { type: 'default' });
    assert.deepEqual(converse.outputConfig, { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: '{"type":"object"}', name: 'w' } } } });
    assert.equal(convertConverseResponseToInference({ ...readConverseResponse(readJsonFixture(here, 'converse-response.json')), serviceTier: { type: 'flex' } }).serviceTier, 'flex');
  });

  it('leaves out settings outside its capabilities (they reach it only when the operator allows dropping them)', () => {
    const converse = convertToConverseRequest({ ...base, settings: { seed: 1, user: 'u', logprobs: { topLogprobs: 0 } }, providerOptions: { openai: { store: true } } });
    assert.deepEqual(converse, { messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    const honours = bedrockCapabilities({ nativeFormat: 'nova' } as Parameters<typeof bedrockCapabilities>[0]).honours;
    for (const name of ['seed', 'user', 'logprobs', 'providerOptions.openai.store'] as const) assert.equal(honours.has(name), false, name);
  });

  it('refuses what Converse cannot say, naming it', () => {
    const refused = (request: InferenceRequest, param: string) =>
      assert.throws(() => convertToConverseRequest(request), (error: unknown) => error instanceof GeorouteError && error.code === 'invalid_request' && error.param === param);
    refused({ ...base, settings: { temperature: 1.5 } }, 'temperature');
    refused({ ...base, settings: { serviceTier: 'scale' } }, 'serviceTier');
    refused({ ...base, tools: [{ type: 'function', name: 'f', inputSchema: {} }], toolChoice: { type: 'none' } }, 'toolChoice');
    refused({ ...base, messages: [{ role: 'user', content: [{ type: 'image', mediaType: 'image/png', source: { kind: 'url', url: 'https://x/y.png' } }] }] }, 'messages[0].content[0].image');
    refused({ ...base, messages: [{ role: 'user', content: [{ type: 'image', mediaType: 'image/tiff', source: { kind: 'base64', data: 'AA' } }] }] }, 'messages[0].content[0].image');
    refused({ ...base, messages: [{ role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'f', input: '{not json' }] }] }, 'messages[0].content[0].toolUse.input');
  });

  it('sends a strict tool as toolSpec.strict', () => {
    const converse = convertToConverseRequest({ ...base, tools: [{ type: 'function', name: 'f', inputSchema: {}, strict: true }, { type: 'function', name: 'g', inputSchema: {}, strict: false }] });
    assert.deepEqual(converse.toolConfig?.tools, [{ toolSpec: { name: 'f', inputSchema: { json: {} }, strict: true } }, { toolSpec: { name: 'g', inputSchema: { json: {} } } }]);
  });

  it('property: canonical messages -> Converse -> canonical is the identity', () => {
    fc.assert(
      fc.property(canonicalMessagesArbitrary, (messages) => {
        const request: InferenceRequest = { system: [], messages, settings: {} };
        const converse = JSON.parse(JSON.stringify(convertToConverseRequest(request))) as Record<string, unknown>;
        assert.deepEqual(bedrockConverseSurface.parseRequest(converse, { requestId: 'r' }).request, request);
      }),
      { numRuns: 200 },
    );
  });

  it('property: stream parts -> ConverseStream events -> parts is the identity', () => {
    fc.assert(
      fc.property(canonicalStreamArbitrary, (parts) => {
        const renderer = bedrockConverseSurface.createStreamRenderer(renderContext);
        const events = [...parts.flatMap((part) => renderer.push(part)), ...renderer.finish()];
        const back = convertEvents(events.map((event) => JSON.parse(JSON.stringify({ eventType: event.eventType, body: event.body })) as ConverseStreamEvent));
        assert.deepEqual(back, parts);
      }),
      { numRuns: 200 },
    );
  });
});
