import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GeorouteError } from '../../../../src/errors/error-catalog.js';
import { parseNovaRequest } from '../../../../src/surfaces/bedrock-invoke/nova/nova-native-schema.js';
import { loadFixture } from '../../load-wire-body-fixture.js';

const hello = { role: 'user', content: [{ text: 'hi' }] };

function paramOf(body: unknown): string | undefined {
  try {
    parseNovaRequest(body);
  } catch (error) {
    assert.ok(error instanceof GeorouteError);
    assert.equal(error.code, 'invalid_request');
    return error.param;
  }
  assert.fail('expected the request to be rejected');
}

describe('parseNovaRequest', () => {
  it('accepts the fixtures, the max_new_tokens alias and unknown members', () => {
    assert.doesNotThrow(() => parseNovaRequest(loadFixture('nova-request-aliases.nova.json')));
    assert.doesNotThrow(() => parseNovaRequest(loadFixture('nova-request-aliases.normalized.nova.json')));
    const body = { messages: [hello], inferenceConfig: { maxTokens: 10, reasoningConfig: { type: 'enabled' } }, extra: 1 };
    assert.deepEqual(parseNovaRequest(body), body);
  });

  it('names the offending field', () => {
    assert.equal(paramOf({}), 'messages');
    assert.equal(paramOf({ messages: [{ role: 'user', content: [{ text: 1 }] }] }), 'messages[0].content[0].text');
    assert.equal(paramOf({ messages: [hello], inferenceConfig: { max_new_tokens: 'many' } }), 'inferenceConfig.max_new_tokens');
    assert.equal(
      paramOf({ messages: [hello], inferenceConfig: { maxTokens: 5, max_new_tokens: 5 } }),
      'inferenceConfig.max_new_tokens',
    );
    assert.equal(paramOf({ messages: [hello], inferenceConfig: { topK: -1 } }), 'inferenceConfig.topK');
    assert.equal(paramOf({ messages: [hello], system: [{ text: 'a', cachePoint: { type: 'default' } }] }), 'system[0]');
  });
});
