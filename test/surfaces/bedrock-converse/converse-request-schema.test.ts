import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GeorouteError } from '../../../src/errors/error-catalog.js';
import { parseConverseRequest } from '../../../src/surfaces/bedrock-converse/converse-request-schema.js';
import { loadFixture } from '../load-wire-body-fixture.js';

const hello = { role: 'user', content: [{ text: 'hi' }] };

function rejection(body: unknown): GeorouteError {
  try {
    parseConverseRequest(body);
  } catch (error) {
    assert.ok(error instanceof GeorouteError, 'throws a GeorouteError');
    return error;
  }
  assert.fail('expected the request to be rejected');
}

describe('parseConverseRequest', () => {
  it('accepts every Converse request fixture', () => {
    for (const name of ['plain-text', 'system-prompt', 'multi-turn', 'tool-round-trip', 'image', 'tool-choice-any']) {
      assert.doesNotThrow(() => parseConverseRequest(loadFixture(`request-${name}.converse.json`)), name);
    }
  });

  it('tolerates unknown content-block members, top-level members and source members', () => {
    const body = {
      messages: [
        { role: 'user', content: [{ futureBlock: { anything: [1, 2] } }, { text: 'hi' }] },
        {
          role: 'assistant',
          content: [{ reasoningContent: { reasoningText: { text: 'hmm', signature: 'sig' } } }, { text: 'ok', p: 'x' }],
        },
        {
          role: 'user',
          content: [
            { image: { format: 'png', source: { bytes: 'AAAA' } } },
            { document: { name: 'notes', format: 'txt', source: { bytes: 'aGk=' } } },
            { cachePoint: { type: 'default' } },
          ],
        },
      ],
      system: [{ text: 'sys' }, { cachePoint: { type: 'default' } }],
      outputConfig: { textFormat: { type: 'json_schema' } },
      requestMetadata: { team: 'search' },
      additionalModelRequestFields: { inferenceConfig: { topK: 5 } },
    };
    assert.deepEqual(parseConverseRequest(body), body);
  });

  const cases: Array<{ name: string; body: unknown; param: string | undefined }> = [
    { name: 'a body that is not an object', body: [], param: undefined },
    { name: 'no messages', body: {}, param: 'messages' },
    { name: 'an unknown role', body: { messages: [{ role: 'tool', content: [{ text: 'x' }] }] }, param: 'messages[0].role' },
    {
      name: 'a toolUse name of the wrong type',
      body: {
        messages: [hello, { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 5, input: {} } }] }],
      },
      param: 'messages[1].content[0].toolUse.name',
    },
    {
      name: 'a toolUse without input',
      body: { messages: [hello, { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'f' } }] }] },
      param: 'messages[1].content[0].toolUse.input',
    },
    {
      name: 'a block with two known members',
      body: { messages: [{ role: 'user', content: [{ text: 'a', image: { format: 'png', source: { bytes: 'AA' } } }] }] },
      param: 'messages[0].content[0]',
    },
    { name: 'an empty block', body: { messages: [{ role: 'user', content: [{}] }] }, param: 'messages[0].content[0]' },
    {
      name: 'an unsupported image format',
      body: { messages: [{ role: 'user', content: [{ image: { format: 'bmp', source: { bytes: 'AA' } } }] }] },
      param: 'messages[0].content[0].image.format',
    },
    {
      name: 'a toolResult with a bad status',
      body: {
        messages: [{ role: 'user', content: [{ toolResult: { toolUseId: 't', content: [{ text: 'x' }], status: 'ok' } }] }],
      },
      param: 'messages[0].content[0].toolResult.status',
    },
    {
      name: 'a toolResult content item of the wrong type',
      body: { messages: [{ role: 'user', content: [{ toolResult: { toolUseId: 't', content: [{ text: 1 }] } }] }] },
      param: 'messages[0].content[0].toolResult.content[0].text',
    },
    { name: 'a system block of the wrong type', body: { messages: [hello], system: [{ text: 3 }] }, param: 'system[0].text' },
    { name: 'a temperature above 1', body: { messages: [hello], inferenceConfig: { temperature: 1.5 } }, param: 'inferenceConfig.temperature' },
    { name: 'a maxTokens of 0', body: { messages: [hello], inferenceConfig: { maxTokens: 0 } }, param: 'inferenceConfig.maxTokens' },
    {
      name: 'a tool name with a space',
      body: { messages: [hello], toolConfig: { tools: [{ toolSpec: { name: 'a b', inputSchema: { json: {} } } }] } },
      param: 'toolConfig.tools[0].toolSpec.name',
    },
    {
      name: 'a tool without inputSchema.json',
      body: { messages: [hello], toolConfig: { tools: [{ toolSpec: { name: 'ab', inputSchema: {} } }] } },
      param: 'toolConfig.tools[0].toolSpec.inputSchema.json',
    },
    { name: 'an empty tool list', body: { messages: [hello], toolConfig: { tools: [] } }, param: 'toolConfig.tools' },
    {
      name: 'a toolChoice with two members',
      body: {
        messages: [hello],
        toolConfig: { tools: [{ toolSpec: { name: 'ab', inputSchema: { json: {} } } }], toolChoice: { auto: {}, any: {} } },
      },
      param: 'toolConfig.toolChoice',
    },
    { name: 'requestMetadata values that are not strings', body: { messages: [hello], requestMetadata: { a: 1 } }, param: 'requestMetadata.a' },
  ];

  for (const { name, body, param } of cases) {
    it(`rejects ${name} as invalid_request naming ${param ?? 'no field'}`, () => {
      const error = rejection(body);
      assert.equal(error.code, 'invalid_request');
      assert.equal(error.bedrockType, 'ValidationException');
      assert.equal(error.param, param);
    });
  }
});
