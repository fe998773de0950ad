/**
 * Claude takes its reasoning back only with the signature it issued: the anthropic provider, and the bedrock
 * provider for an anthropic-family model, refuse a request whose history holds reasoning without one
 * (`reasoningContent`), so routing skips them; Nova on Bedrock and openai-compatible deployments take it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasUnsignedReasoning } from '../../src/capabilities/has-unsigned-reasoning.js';
import type { InferenceRequest } from '../../src/inference/inference-request.js';
import { anthropicCapabilities } from '../../src/providers/anthropic/anthropic-capabilities.js';
import { bedrockCapabilities } from '../../src/providers/bedrock/bedrock-capabilities.js';
import { openAiCompatibleCapabilities } from '../../src/providers/openai-compatible/openai-compatible-capabilities.js';

const withReasoning = (reasoning: Record<string, unknown>, settings: InferenceRequest['settings'] = {}): InferenceRequest => ({
  system: [],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'q' }] },
    { role: 'assistant', content: [reasoning as never, { type: 'text', text: 'a' }] },
    { role: 'user', content: [{ type: 'text', text: 'and?' }] },
  ],
  settings,
});

const unsigned = withReasoning({ type: 'reasoning', text: 'hmm' });
const signed = withReasoning({ type: 'reasoning', text: 'hmm', signature: 'c2ln' });
const redacted = withReasoning({ type: 'redacted-reasoning', data: 'ZW5j' });
const deployment = (nativeFormat: string) => ({ nativeFormat }) as Parameters<typeof bedrockCapabilities>[0];

describe('reasoning without its signature', () => {
  it('is found only in reasoning parts that lack one', () => {
    assert.equal(hasUnsignedReasoning(unsigned), true);
    assert.equal(hasUnsignedReasoning(signed), false);
    assert.equal(hasUnsignedReasoning(redacted), false);
  });

  it('anthropic refuses it as reasoningContent, beside JSON mode without a schema', () => {
    assert.deepEqual(anthropicCapabilities.refuses?.(unsigned), ['reasoningContent']);
    assert.deepEqual(anthropicCapabilities.refuses?.(signed), []);
    assert.deepEqual(anthropicCapabilities.refuses?.(redacted), []);
    assert.deepEqual(anthropicCapabilities.refuses?.(withReasoning({ type: 'reasoning', text: 'hmm' }, { responseFormat: { type: 'json' } })), ['responseFormat', 'reasoningContent']);
  });

  it('bedrock refuses it for an anthropic-family model only; Nova and openai-compatible take it', () => {
    assert.deepEqual(bedrockCapabilities(deployment('anthropic')).refuses?.(unsigned), ['reasoningContent']);
    assert.deepEqual(bedrockCapabilities(deployment('anthropic')).refuses?.(signed), []);
    assert.deepEqual(bedrockCapabilities(deployment('nova')).refuses?.(unsigned), []);
    assert.deepEqual(openAiCompatibleCapabilities.refuses?.(unsigned), []);
  });
});
