/**
 * The bedrock-converse surface against recorded fixtures, both directions: a Converse request parsed to the
 * canonical request and converted back (the bedrock provider's converter) unchanged; a canonical result and stream
 * rendered to the Converse response and ConverseStream events Bedrock sends; catalog errors in Bedrock's shape.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GeorouteError } from '../../../src/errors/error-catalog.js';
import type { SurfaceRenderContext } from '../../../src/inference/inbound-surface-contract.js';
import type { InferenceRequest } from '../../../src/inference/inference-request.js';
import type { InferenceResult } from '../../../src/inference/inference-result.js';
import type { InferenceStreamPart } from '../../../src/inference/inference-stream-part.js';
import { bedrockCapabilities } from '../../../src/providers/bedrock/bedrock-capabilities.js';
import { convertToConverseRequest } from '../../../src/providers/bedrock/convert-to-converse-request.js';
import { documentBlock } from '../../../src/surfaces/bedrock-converse/convert-inference-parts-to-converse-blocks.js';
import { bedrockConverseSurface } from '../../../src/surfaces/bedrock-converse/bedrock-converse-surface.js';
import { readJsonFixture } from '../../support/read-json-fixture.js';

const here = dirname(fileURLToPath(import.meta.url));
const providerFixtures = join(here, '../../providers/bedrock');
const context: SurfaceRenderContext = { requestId: 'req-1', requestedModelId: 'eu.amazon.nova-2-lite-v1:0', createdAt: 1_700_000_000, latencyMs: () => 412 };

describe('bedrock-converse surface', () => {
  it('parses a Converse request into the canonical request, model id and operation from the path', () => {
    const parsed = bedrockConverseSurface.parseRequest(readJsonFixture(here, 'converse-request.json'), { requestId: 'r', pathModelId: 'eu.m', pathStream: true });
    assert.equal(parsed.modelId, 'eu.m');
    assert.equal(parsed.stream, true);
    assert.deepEqual(parsed.request, readJsonFixture<InferenceRequest>(here, 'converse-request.inference.json'));
  });

  it('round-trips the request: canonical -> Converse gives back the body it came from', () => {
    const canonical = readJsonFixture<InferenceRequest>(here, 'converse-request.inference.json');
    assert.deepEqual(JSON.parse(JSON.stringify(convertToConverseRequest(canonical))), readJsonFixture(here, 'converse-request.json'));
  });

  it('renders a canonical result as the Converse response', () => {
    const result = readJsonFixture<InferenceResult>(providerFixtures, 'converse-response.inference.json');
    assert.deepEqual(bedrockConverseSurface.renderResult(result, context), readJsonFixture(providerFixtures, 'converse-response.json'));
  });

  it('renders canonical stream parts as ConverseStream events, metadata last', () => {
    const renderer = bedrockConverseSurface.createStreamRenderer(context);
    const parts = readJsonFixture<InferenceStreamPart[]>(providerFixtures, 'converse-stream.parts.json');
    const events = [...parts.flatMap((part) => renderer.push(part)), ...renderer.finish()];
    const expected = readJsonFixture<Array<{ eventType: string; body: unknown }>>(providerFixtures, 'converse-stream.events.json');
    assert.deepEqual(events, expected.map((event) => ({ format: 'bedrock-converse', ...event })));
  });

  it('refuses to close a stream that never finished, and turns an error part into a catalog error', () => {
    const renderer = bedrockConverseSurface.createStreamRenderer(context);
    renderer.push({ type: 'stream-start' });
    renderer.push({ type: 'text-delta', index: 0, delta: 'Hel' });
    assert.throws(() => renderer.finish(), (error: unknown) => error instanceof GeorouteError && error.code === 'stream_interrupted');
    const failing = bedrockConverseSurface.createStreamRenderer(context);
    assert.throws(() => failing.push({ type: 'error', kind: 'throttled', message: 'throttled upstream' }), (error: unknown) => error instanceof GeorouteError && error.code === 'no_capacity');
  });

  it('lists content blocks it has no canonical part for under providerOptions.bedrock, with where they are; no converted path honours them', () => {
    const parsed = bedrockConverseSurface.parseRequest(
      {
        messages: [
          { role: 'user', content: [{ text: 'a' }, { video: { format: 'mp4', source: { bytes: 'AAAA' } } }, { guardContent: { text: { text: 'guarded' } } }] },
        ],
      },
      { requestId: 'r' },
    );
    assert.deepEqual(parsed.request.messages[0]?.content, [{ type: 'text', text: 'a' }, { type: 'text', text: 'guarded' }]);
    assert.deepEqual(parsed.request.providerOptions, { bedrock: { video: ['messages[0].content[1]'], guardContent: ['messages[0].content[2]'] } });
    assert.equal(bedrockConverseSurface.settingName('providerOptions.bedrock.video'), 'video');
    const honours = bedrockCapabilities({ nativeFormat: 'nova' } as Parameters<typeof bedrockCapabilities>[0]).honours;
    assert.equal(honours.has('providerOptions.bedrock.video'), false);
    assert.equal(honours.has('providerOptions.bedrock.guardContent'), false);
    assert.equal(honours.has('providerOptions.bedrock.guardrailConfig'), true);
  });

  it('lists what its role has no canonical part for, system tools, content documents and system-role messages; no fake cache point', () => {
    const parsed = bedrockConverseSurface.parseRequest(
      {
        messages: [
          { role: 'system', content: [{ toolAddition: { tools: [] } }] },
          {
            role: 'user',
            content: [
              { text: 'a' },
              { toolUse: { toolUseId: 't0', name: 'f', input: {} } },
              { document: { name: 'd', source: { content: [{ text: 'inline' }] } } },
              { document: { name: 'e', format: 'txt', source: { text: 'notes' }, context: 'ctx', citations: { enabled: true } } },
            ],
          },
          { role: 'assistant', content: [{ image: { format: 'png', source: { bytes: 'AAAA' } } }, { toolUse: { toolUseId: 't1', name: 'f', input: {}, type: 'server_tool_use' } }] },
          { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'ok' }], type: 'server_tool_result' } }] },
        ],
        toolConfig: { tools: [{ systemTool: { name: 'nova_grounding' } }, { toolSpec: { name: 'f', inputSchema: { json: { type: 'object' } }, strict: true } }] },
      },
      { requestId: 'r' },
    );
    assert.deepEqual(parsed.request.tools, [{ type: 'function', name: 'f', inputSchema: { type: 'object' }, strict: true }], 'the system tool is no cache point');
    assert.deepEqual(parsed.request.messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.deepEqual(parsed.request.messages[0]?.content, [{ type: 'text', text: 'a' }, { type: 'document', mediaType: 'text/plain', source: { kind: 'text', text: 'notes' }, name: 'e' }]);
    assert.deepEqual(parsed.request.providerOptions, {
      bedrock: {
        role: ['messages[0].role'],
        toolUse: ['messages[1].content[1]'],
        'document.source.content': ['messages[1].content[2].document.source.content'],
        'document.context': ['messages[1].content[3].document.context'],
        'document.citations': ['messages[1].content[3].document.citations'],
        image: ['messages[2].content[0]'],
        'toolUse.type': ['messages[2].content[1].toolUse.type'],
        'toolResult.type': ['messages[3].content[0].toolResult.type'],
        systemTool: ['toolConfig.tools[0]'],
      },
    });
    assert.equal(bedrockConverseSurface.settingName('providerOptions.bedrock.document.source.content'), 'document.source.content');
    assert.equal(bedrockConverseSurface.settingName('providerOptions.anthropic.output_config'), 'output_config');
  });

  it("gives Converse a document name it accepts: a filename's words, or the neutral name when none is left", () => {
    const named = (name: string | undefined) =>
      documentBlock({ type: 'document', mediaType: 'application/pdf', source: { kind: 'base64', data: 'JVBERi0x' }, ...(name === undefined ? {} : { name }) }, 'p').name;
    assert.equal(named('report.pdf'), 'report pdf');
    assert.equal(named('Q3 (draft) [v2]-final'), 'Q3 (draft) [v2]-final', 'a name Converse accepts is kept as it is');
    assert.equal(named('a  __b'), 'a b', 'never two spaces in a row');
    assert.equal(named('...'), 'document');
    assert.equal(named(undefined), 'document');
  });

  it('renders catalog errors as Bedrock does: status, x-amzn-errortype, {"message"}', () => {
    const throttled = bedrockConverseSurface.renderError(new GeorouteError('no_capacity', 'busy', { retryAfterSeconds: 3 }), 'req-1');
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['x-amzn-errortype'], 'ThrottlingException');
    assert.equal(throttled.headers['retry-after'], '3');
    assert.deepEqual(JSON.parse(throttled.body), { message: 'Too many requests, please wait before trying again.' });
    const invalid = bedrockConverseSurface.renderError(new GeorouteError('invalid_request', 'messages: bad'), 'req-1');
    assert.equal(invalid.status, 400);
    assert.equal(invalid.headers['x-amzn-errortype'], 'ValidationException');
    assert.equal(bedrockConverseSurface.renderError(new GeorouteError('unauthenticated', 'who?'), 'r').status, 403);
  });

  it('names settings in Converse words', () => {
    assert.equal(bedrockConverseSurface.settingName('responseFormat'), 'outputConfig.textFormat');
    assert.equal(bedrockConverseSurface.settingName('temperature'), 'inferenceConfig.temperature');
  });
});
