import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findUnhonouredSettings } from '../../src/capabilities/find-unhonoured-settings.js';
import { listRequestedSettings } from '../../src/capabilities/list-requested-settings.js';
import type { InferenceRequest } from '../../src/inference/inference-request.js';

const base: InferenceRequest = { system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], settings: {} };

describe('listRequestedSettings', () => {
  it('lists nothing for a plain request, and never the output-token limit', () => {
    assert.deepEqual(listRequestedSettings({ ...base, settings: { maxOutputTokens: 9 } }), []);
  });

  it('lists every setting that is set, tools, a non-auto tool choice and each provider option', () => {
    const request: InferenceRequest = {
      ...base,
      settings: { seed: 1, logprobs: { topLogprobs: 2 }, responseFormat: { type: 'json' }, reasoning: { type: 'enabled', effort: 'low' } },
      tools: [{ type: 'function', name: 'f', inputSchema: { type: 'object' } }],
      toolChoice: { type: 'required' },
      providerOptions: { bedrock: { guardrailConfig: {} } },
    };
    assert.deepEqual(listRequestedSettings(request), ['seed', 'logprobs', 'responseFormat', 'reasoning', 'tools', 'toolChoice', 'providerOptions.bedrock.guardrailConfig']);
  });

  it('does not count what asks nothing of the upstream: text format, disabled reasoning, auto tool choice, text, a document given as text', () => {
    const request: InferenceRequest = {
      ...base,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'read' }, { type: 'document', mediaType: 'text/plain', source: { kind: 'text', text: 'notes' } }] }],
      settings: { responseFormat: { type: 'text' }, reasoning: { type: 'disabled' } },
      toolChoice: { type: 'auto' },
    };
    assert.deepEqual(listRequestedSettings(request), []);
  });

  it('names each content kind a wire may not carry once, after the settings, wherever it occurs', () => {
    const png = { kind: 'base64' as const, data: 'iVBORw0K' };
    const request: InferenceRequest = {
      system: [{ type: 'text', text: 'be brief' }],
      messages: [
        { role: 'user', content: [{ type: 'image', mediaType: 'image/png', source: png }, { type: 'image', mediaType: 'image/*', source: { kind: 'url', url: 'https://example.com/a.png' } }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'hm', signature: 'c2ln' }, { type: 'tool-call', id: 't1', name: 'f', input: '{}' }] },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 't1', content: [{ type: 'document', mediaType: 'application/pdf', source: { kind: 's3', uri: 's3://b/k.pdf' } }] }] },
      ],
      settings: { temperature: 0.2 },
      tools: [{ type: 'function', name: 'f', inputSchema: { type: 'object' } }, { type: 'cache-point' }],
    };
    assert.deepEqual(listRequestedSettings(request), ['temperature', 'tools', 'images', 'documents', 'mediaUrls', 's3Media', 'toolResultMedia', 'reasoningContent', 'cachePoints']);
  });

  it('names redacted reasoning as reasoning history, and a cache point in system or a message', () => {
    const request: InferenceRequest = {
      system: [{ type: 'text', text: 'long prefix' }, { type: 'cache-point' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }, { role: 'assistant', content: [{ type: 'redacted-reasoning', data: 'cmVk' }, { type: 'text', text: 'yes' }] }],
      settings: {},
    };
    assert.deepEqual(listRequestedSettings(request), ['reasoningContent', 'cachePoints']);
    assert.deepEqual(listRequestedSettings({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'cache-point', ttl: '1h' }] }] }), ['cachePoints']);
  });
});

describe('findUnhonouredSettings', () => {
  const capabilities = { honours: new Set(['temperature', 'responseFormat'] as const) };

  it('a native pass-through honours everything', () => {
    assert.deepEqual(findUnhonouredSettings(['seed', 'logprobs'], { native: true }, new Set()), []);
  });

  it('a converted path honours what the provider declares, plus what the operator allows to drop', () => {
    assert.deepEqual(findUnhonouredSettings(['temperature', 'seed', 'logprobs'], { native: false, capabilities }, new Set(['seed'])), ['logprobs']);
  });

  it('a provider-options namespace may be allowed as a whole', () => {
    const requested = ['providerOptions.bedrock.guardrailConfig', 'providerOptions.bedrock.promptVariables'] as const;
    assert.deepEqual(findUnhonouredSettings([...requested], { native: false, capabilities }, new Set(['providerOptions.bedrock'])), []);
    assert.deepEqual(findUnhonouredSettings([...requested], { native: false, capabilities }, new Set(['providerOptions.bedrock.promptVariables'])), ['providerOptions.bedrock.guardrailConfig']);
  });
});
