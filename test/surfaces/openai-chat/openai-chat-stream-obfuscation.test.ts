/**
 * `stream_options.include_obfuscation` on the OpenAI chat wire: a stream the gateway renders (here from a Bedrock
 * Converse deployment) carries OpenAI's `obfuscation` padding on each chunk with text, unless the client set it to
 * false; a stream relayed as it is from an OpenAI-compatible upstream carries what the upstream wrote (the option
 * goes to it with the rest of the body). A value that is not a boolean is a 400 naming it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startRegionSimulator, type RunningSimulator } from '../../../sim/index.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../../support/test-gateway.js';

type Chunk = { choices: Array<{ delta: { content?: string } }>; obfuscation?: string };

describe('OpenAI chat: stream obfuscation', () => {
  let openAiSim: RunningSimulator;
  let bedrockSim: RunningSimulator;
  let gateway: TestGateway;
  before(async () => {
    openAiSim = await startRegionSimulator({ regionId: 'eu-west-3', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    bedrockSim = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    gateway = await startTestGateway(testConfig({
      regions: [],
      extraDeployments: [
        { model: NOVA_LITE, region: 'eu-west-3', provider: 'openai-compatible', endpoint: `${openAiSim.url}/v1`, upstreamModel: 'sim-model' },
        { model: NOVA_LITE, region: 'eu-west-1', provider: 'bedrock', endpoint: bedrockSim.url },
      ],
    }));
  });
  after(async () => {
    await gateway.close();
    await openAiSim.close();
    await bedrockSim.close();
  });

  const client = (sourceRegion: string) =>
    new OpenAI({ apiKey: 'unused', baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': sourceRegion } });

  async function chunks(sourceRegion: string, streamOptions?: OpenAI.Chat.ChatCompletionStreamOptions): Promise<Chunk[]> {
    const stream = await client(sourceRegion).chat.completions.create({
      model: NOVA_LITE,
      messages: [{ role: 'user', content: 'Tell me about the weather in a few words.' }],
      stream: true,
      ...(streamOptions === undefined ? {} : { stream_options: streamOptions }),
    });
    const out: Chunk[] = [];
    for await (const chunk of stream) out.push(chunk as unknown as Chunk);
    return out;
  }

  it('a rendered stream pads every chunk with text by default, delta and padding filling blocks of 16', async () => {
    const texts = (await chunks('eu-west-1')).filter((c) => (c.choices[0]?.delta.content ?? '') !== '');
    assert.ok(texts.length >= 2, 'the answer came in several chunks');
    for (const chunk of texts) {
      assert.equal(typeof chunk.obfuscation, 'string');
      assert.equal(((chunk.choices[0]?.delta.content ?? '').length + (chunk.obfuscation ?? '').length) % 16, 0);
    }
    const withUsage = await chunks('eu-west-1', { include_usage: true, include_obfuscation: true });
    assert.ok(withUsage.some((c) => typeof c.obfuscation === 'string'));
  });

  it('include_obfuscation: false leaves the padding out', async () => {
    const all = await chunks('eu-west-1', { include_obfuscation: false });
    assert.ok(all.some((c) => (c.choices[0]?.delta.content ?? '') !== ''));
    assert.ok(all.every((c) => c.obfuscation === undefined));
  });

  it('a relayed stream is the upstream\'s as it wrote it: the gateway adds no padding (the simulator writes none)', async () => {
    openAiSim.resetStats();
    const all = await chunks('eu-west-3');
    assert.ok(all.some((c) => (c.choices[0]?.delta.content ?? '') !== ''));
    assert.ok(all.every((c) => c.obfuscation === undefined));
    assert.equal(openAiSim.stats().served, 1, 'the OpenAI-compatible upstream served it');
  });

  it('a value that is not a boolean is a 400 naming it', async () => {
    const options = { include_obfuscation: 'yes' } as unknown as OpenAI.Chat.ChatCompletionStreamOptions;
    await assert.rejects(chunks('eu-west-1', options), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError, String(error));
      assert.equal((error.error as { param?: string }).param, 'stream_options.include_obfuscation');
      return true;
    });
  });
});
