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

  it('does not count what asks nothing of the upstream: text format, disabled reasoning, auto tool choice, a bare cache point', () => {
    const request: InferenceRequest = { ...base, settings: { responseFormat: { type: 'text' }, reasoning: { type: 'disabled' } }, tools: [{ type: 'cache-point' }], toolChoice: { type: 'auto' } };
    assert.deepEqual(listRequestedSettings(request), []);
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
