import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDroppedSettings, withoutSettings } from '../../src/capabilities/drop-allowed-settings.js';
import type { InferenceRequest } from '../../src/inference/inference-request.js';

const request: InferenceRequest = {
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  settings: { seed: 7, user: 'u-1', temperature: 0.5 },
  tools: [{ type: 'function', name: 'f', inputSchema: { type: 'object' } }],
  toolChoice: { type: 'required' },
  providerOptions: { bedrock: { guardrailConfig: { id: 'g' }, performanceConfig: { latency: 'optimized' } } },
};

describe('models[].droppableSettings: what goes out without', () => {
  it('drops only what the deployment does not honour and the operator allows, a whole namespace included', () => {
    const honours = { honours: new Set(['temperature', 'tools'] as const) };
    assert.deepEqual(findDroppedSettings(['seed', 'user', 'temperature'], honours, new Set(['seed'])), ['seed']);
    assert.deepEqual(findDroppedSettings(['providerOptions.bedrock.guardrailConfig'], honours, new Set(['providerOptions.bedrock'])), ['providerOptions.bedrock.guardrailConfig']);
    assert.deepEqual(findDroppedSettings(['temperature'], honours, new Set(['temperature'])), []);
    const namespace = { ...honours, honoursNamespaces: new Set(['providerOptions.openai']) };
    assert.deepEqual(findDroppedSettings(['providerOptions.openai.store'], namespace, new Set(['providerOptions.openai'])), [], 'a namespace it honours is not dropped');
  });

  it('removes the named settings, tools and provider options, and keeps everything else', () => {
    const out = withoutSettings(request, ['seed', 'tools', 'providerOptions.bedrock.guardrailConfig']);
    assert.deepEqual(out.settings, { user: 'u-1', temperature: 0.5 });
    assert.equal(out.tools?.length, 0);
    assert.equal(out.toolChoice, undefined);
    assert.deepEqual(out.providerOptions, { bedrock: { performanceConfig: { latency: 'optimized' } } });
    assert.deepEqual(out.messages, request.messages);
  });

  it('leaves the request untouched (the same object) when nothing is dropped, and never mutates its input', () => {
    assert.equal(withoutSettings(request, []), request);
    withoutSettings(request, ['seed', 'user', 'providerOptions.bedrock.performanceConfig']);
    assert.equal(request.settings.seed, 7);
    assert.deepEqual(Object.keys(request.providerOptions?.bedrock ?? {}), ['guardrailConfig', 'performanceConfig']);
  });

  it('takes out the content kinds the operator let drop, and keeps the rest of each turn', () => {
    const history: InferenceRequest = {
      system: [{ type: 'text', text: 'prefix' }, { type: 'cache-point' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image', mediaType: 'image/png', source: { kind: 'base64', data: 'iVBO' } }, { type: 'cache-point' }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'hm', signature: 'c2ln' }, { type: 'redacted-reasoning', data: 'cmVk' }, { type: 'tool-call', id: 't1', name: 'f', input: '{}' }] },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 't1', content: [{ type: 'text', text: 'done' }, { type: 'image', mediaType: 'image/png', source: { kind: 'base64', data: 'iVBO' } }] }] },
      ],
      settings: { seed: 7 },
      tools: [{ type: 'function', name: 'f', inputSchema: { type: 'object' } }, { type: 'cache-point' }],
    };
    const out = withoutSettings(history, ['reasoningContent', 'toolResultMedia', 'seed']);
    assert.deepEqual(out.messages[1], { role: 'assistant', content: [{ type: 'tool-call', id: 't1', name: 'f', input: '{}' }] });
    assert.deepEqual(out.messages[2], { role: 'user', content: [{ type: 'tool-result', toolCallId: 't1', content: [{ type: 'text', text: 'done' }] }] });
    assert.deepEqual(out.messages[0], history.messages[0], 'an image outside a tool result stays');
    assert.deepEqual(out.settings, {});
    const uncached = withoutSettings(history, ['cachePoints']);
    assert.deepEqual(uncached.system, [{ type: 'text', text: 'prefix' }]);
    assert.deepEqual(uncached.tools, [{ type: 'function', name: 'f', inputSchema: { type: 'object' } }]);
    assert.deepEqual(uncached.messages[0]?.content.map((part) => part.type), ['text', 'image']);
    assert.equal(history.messages[1]?.content.length, 3, 'the input is not mutated');
  });
});
