/** The official `openai` client, unmodified, against a gateway backed by simulators over HTTP. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { EU_REGIONS, NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

describe('openai client against georoute', () => {
  let gateway: TestGateway;
  let client: OpenAI;

  before(async () => {
    gateway = await startTestGateway(testConfig({ maxConcurrent: 2 }));
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': 'eu-central-1' } });
  });
  after(() => gateway.close());

  it('completes a chat in the source region and says where it ran', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: `eu.${NOVA_LITE}`, messages: [{ role: 'user', content: 'hello there' }], max_tokens: 8 })
      .withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.ok((data.choices[0].message.content ?? '').length > 0);
    assert.equal(data.usage?.completion_tokens, 8);
    assert.equal(response.headers.get('x-georoute-inference-region'), 'eu-central-1');
    assert.equal(response.headers.get('x-georoute-source-region'), 'eu-central-1');
    assert.equal(response.headers.get('x-georoute-profile'), `eu.${NOVA_LITE}`);
    assert.equal(response.headers.get('x-georoute-attempts'), '1');
    assert.ok(response.headers.get('x-request-id'));
  });

  it('streams chunks and reports usage when asked', async () => {
    const stream = await client.chat.completions.create({
      model: `eu.${NOVA_LITE}`,
      messages: [{ role: 'user', content: 'stream please' }],
      max_tokens: 12,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      usage = chunk.usage ?? usage;
    }
    const words = text.trim().split(/\s+/).length;
    assert.ok(words >= 1 && words <= 12);
    assert.equal(usage?.completion_tokens, words, 'the simulator counts one token per word');
  });

  it('spreads a burst over EU regions only when the source region is saturated', async () => {
    const regions = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const { response } = await client.chat.completions
          .create({ model: `eu.${NOVA_LITE}`, messages: [{ role: 'user', content: 'burst' }], max_tokens: 40 })
          .withResponse();
        return response.headers.get('x-georoute-inference-region');
      }),
    );
    for (const region of regions) assert.ok(EU_REGIONS.includes(region as (typeof EU_REGIONS)[number]), `${region} is not an EU region`);
    assert.ok(new Set(regions).size > 1, 'a burst of 10 over 2-slot regions spills over');
    assert.ok(regions.includes('eu-central-1'), 'the source region takes its share');
  });

  it('raises typed errors for an unknown profile and a bad request', async () => {
    await assert.rejects(client.chat.completions.create({ model: 'eu.no-such-model', messages: [{ role: 'user', content: 'x' }] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.NotFoundError);
      return true;
    });
    await assert.rejects(client.chat.completions.create({ model: `eu.${NOVA_LITE}`, messages: [] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal((error as InstanceType<typeof OpenAI.BadRequestError>).param, 'messages');
      return true;
    });
  });

  it('lists the inference profiles as models', async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    for (const id of [NOVA_LITE, `eu.${NOVA_LITE}`, `europe.${NOVA_LITE}`, `global.${NOVA_LITE}`, `us.${NOVA_LITE}`]) assert.ok(ids.includes(id), id);
  });
});
