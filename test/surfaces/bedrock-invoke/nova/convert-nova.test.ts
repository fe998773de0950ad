import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GeorouteError } from '../../../../src/errors/error-catalog.js';
import { convertConverseRequestToNova } from '../../../../src/surfaces/bedrock-invoke/nova/convert-converse-request-to-nova.js';
import { convertConverseResponseToNova } from '../../../../src/surfaces/bedrock-invoke/nova/convert-converse-response-to-nova.js';
import { convertNovaRequestToConverse } from '../../../../src/surfaces/bedrock-invoke/nova/convert-nova-request-to-converse.js';
import { convertNovaResponseToConverse } from '../../../../src/surfaces/bedrock-invoke/nova/convert-nova-response-to-converse.js';
import { parseConverseRequest } from '../../../../src/surfaces/bedrock-converse/converse-request-schema.js';
import { parseNovaRequest } from '../../../../src/surfaces/bedrock-invoke/nova/nova-native-schema.js';
import { readConverseResponse } from '../../../../src/surfaces/bedrock-converse/converse-response-schema.js';
import { readNovaResponse } from '../../../../src/surfaces/bedrock-invoke/nova/read-nova-response.js';
import { loadFixture } from '../../load-wire-body-fixture.js';

describe('Nova native requests', () => {
  it('reads the max_new_tokens, top_p and top_k aliases into Converse', () => {
    const nova = parseNovaRequest(loadFixture('nova-request-aliases.nova.json'));
    assert.deepEqual(convertNovaRequestToConverse(nova), loadFixture('nova-request-aliases.converse.json'));
  });

  it('writes Converse as a messages-v1 body with topK merged back from additionalModelRequestFields', () => {
    const converse = parseConverseRequest(loadFixture('nova-request-aliases.converse.json'));
    const nova = convertConverseRequestToNova(converse);
    assert.deepEqual(nova, loadFixture('nova-request-aliases.normalized.nova.json'));
    assert.doesNotThrow(() => parseNovaRequest(nova));
  });

  it('round-trips a normalized Nova body exactly', () => {
    const nova = parseNovaRequest(loadFixture('nova-request-aliases.normalized.nova.json'));
    assert.deepEqual(convertConverseRequestToNova(convertNovaRequestToConverse(nova)), nova);
  });

  it('round-trips every Converse request fixture through Nova (tools, images, system)', () => {
    for (const name of ['plain-text', 'system-prompt', 'multi-turn', 'tool-round-trip', 'image', 'tool-choice-named']) {
      const converse = parseConverseRequest(loadFixture(`request-${name}.converse.json`));
      assert.deepEqual(convertNovaRequestToConverse(convertConverseRequestToNova(converse)), converse, name);
    }
  });

  it('carries unknown native members both ways and never lets them overwrite the Converse members', () => {
    const converse = convertNovaRequestToConverse(
      parseNovaRequest({
        messages: [{ role: 'user', content: [{ text: 'hi' }] }],
        inferenceConfig: { maxTokens: 5, reasoningConfig: { type: 'enabled' } },
        customField: { a: 1 },
      }),
    );
    assert.deepEqual(converse.additionalModelRequestFields, {
      inferenceConfig: { reasoningConfig: { type: 'enabled' } },
      customField: { a: 1 },
    });
    const nova = convertConverseRequestToNova(
      parseConverseRequest({
        messages: [{ role: 'user', content: [{ text: 'hi' }] }],
        inferenceConfig: { maxTokens: 5 },
        additionalModelRequestFields: { messages: 'not this', inferenceConfig: { maxTokens: 99, topK: 3 } },
        requestMetadata: { team: 'a' },
      }),
    );
    assert.deepEqual(nova, {
      schemaVersion: 'messages-v1',
      messages: [{ role: 'user', content: [{ text: 'hi' }] }],
      inferenceConfig: { maxTokens: 5, topK: 3 },
    });
  });

  it('refuses document blocks, which the Nova native body cannot carry', () => {
    const converse = parseConverseRequest({
      messages: [{ role: 'user', content: [{ text: 'read' }, { document: { name: 'a', format: 'pdf', source: { bytes: 'AA' } } }] }],
    });
    assert.throws(
      () => convertConverseRequestToNova(converse),
      (error: unknown) => error instanceof GeorouteError && error.param === 'messages[0].content[1].document',
    );
  });
});

describe('Nova native responses', () => {
  it('matches the fixture both ways', () => {
    const nova = readNovaResponse(loadFixture('nova-response-text.nova.json'));
    const converse = readConverseResponse(loadFixture('nova-response-text.converse.json'));
    assert.deepEqual(convertNovaResponseToConverse(nova, { latencyMs: 812 }), converse);
    assert.deepEqual(convertConverseResponseToNova(converse), nova);
  });

  it('computes totalTokens when Nova leaves it out', () => {
    const nova = readNovaResponse({
      output: { message: { role: 'assistant', content: [{ text: 'x' }] } },
      stopReason: 'max_tokens',
      usage: { inputTokens: 3, outputTokens: 4, cacheReadInputTokenCount: 10 },
    });
    assert.deepEqual(convertNovaResponseToConverse(nova, { latencyMs: 1 }).usage, {
      inputTokens: 3,
      outputTokens: 4,
      totalTokens: 17,
      cacheReadInputTokens: 10,
    });
  });
});
