import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConverseRequest } from '../../src/surfaces/bedrock-converse/converse-request-schema.js';
import { convertConverseRequestToNova } from '../../src/surfaces/bedrock-invoke/nova/convert-converse-request-to-nova.js';
import {
  IMAGE_TOKENS,
  MESSAGE_OVERHEAD_TOKENS,
  REQUEST_OVERHEAD_TOKENS,
  countTextTokens,
  estimateInputTokens,
} from '../../src/surfaces/estimate-input-tokens.js';
import { parseChatRequest } from '../../src/surfaces/openai-chat/openai-chat-request-schema.js';
import { loadFixture } from './load-wire-body-fixture.js';

describe('countTextTokens', () => {
  it('is ceil(characters / 4)', () => {
    assert.equal(countTextTokens(''), 0);
    assert.equal(countTextTokens('a'), 1);
    assert.equal(countTextTokens('abcd'), 1);
    assert.equal(countTextTokens('abcde'), 2);
  });
});

describe('estimateInputTokens', () => {
  it('counts text plus per-message and per-request overhead', () => {
    const body = parseChatRequest({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(40) }] });
    assert.equal(estimateInputTokens({ format: 'openai-chat', body }), 10 + MESSAGE_OVERHEAD_TOKENS + REQUEST_OVERHEAD_TOKENS);
  });

  it('counts images at a flat rate and tool definitions as text', () => {
    const image = parseChatRequest(loadFixture('request-image.chat.json'));
    const text = 'What colour is this pixel?';
    assert.equal(
      estimateInputTokens({ format: 'openai-chat', body: image }),
      countTextTokens(text) + IMAGE_TOKENS + MESSAGE_OVERHEAD_TOKENS + REQUEST_OVERHEAD_TOKENS,
    );
    const tools = parseChatRequest(loadFixture('request-tool-choice-any.chat.json'));
    const withoutTools = parseChatRequest({ model: 'm', messages: tools.messages });
    assert.ok(
      estimateInputTokens({ format: 'openai-chat', body: tools }) >
        estimateInputTokens({ format: 'openai-chat', body: withoutTools }) + 10,
    );
  });

  it('gives about the same estimate for one request in all three formats', () => {
    for (const name of ['plain-text', 'multi-turn', 'tool-round-trip', 'image']) {
      const chat = parseChatRequest(loadFixture(`request-${name}.chat.json`));
      const converse = parseConverseRequest(loadFixture(`request-${name}.converse.json`));
      const nova = convertConverseRequestToNova(converse);
      const a = estimateInputTokens({ format: 'openai-chat', body: chat });
      const b = estimateInputTokens({ format: 'bedrock-converse', body: converse });
      const c = estimateInputTokens({ format: 'bedrock-invoke', body: nova });
      assert.equal(b, c, name);
      // JSON text of arguments vs re-serialised input and message merging differ slightly.
      assert.ok(Math.abs(a - b) <= Math.max(8, a * 0.15), `${name}: ${a} vs ${b}`);
    }
  });
});
