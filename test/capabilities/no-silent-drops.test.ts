/**
 * No silent drops, end to end with real clients: a setting a deployment cannot honour makes it no candidate; with
 * no candidate left inside the boundary the caller gets a 400 in its own wire naming the setting; settings with a
 * real equivalent are mapped (structured output to Converse `outputConfig` and back); an operator may allow a
 * setting to be dropped per model. The simulators honour structured output, so the JSON checks mean something.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConverseCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { NOVA_LITE, testConfig, type TestGateway } from '../support/test-gateway.js';
import { startTestGateway } from '../support/test-gateway.js';
import { API_KEY, captureResponseHeaders, EU_PROFILE, sdkClient, testAuth, testEnv } from '../bedrock/bedrock-test-kit.js';

const DROPPABLE_MODEL = 'acme.droppable-v1';
const schema = {
  type: 'object',
  properties: { city: { type: 'string' }, celsius: { type: 'integer', minimum: -40 }, tags: { type: 'array', items: { enum: ['sunny', 'rainy'] } } },
  required: ['city', 'celsius', 'tags'],
  additionalProperties: false,
};
const messages = [{ role: 'user' as const, content: 'weather report please' }];

function assertMatchesSchema(text: string): void {
  const value = JSON.parse(text) as { city: unknown; celsius: unknown; tags: unknown };
  assert.equal(typeof value.city, 'string');
  assert.ok(Number.isInteger(value.celsius) && (value.celsius as number) >= -40);
  assert.ok(Array.isArray(value.tags) && value.tags.every((t) => t === 'sunny' || t === 'rainy'));
  assert.deepEqual(Object.keys(value).sort(), ['celsius', 'city', 'tags']);
}

describe('no silent drops', () => {
  let openAiSim: RunningSimulator;
  let bedrockSim: RunningSimulator;
  let gateway: TestGateway;
  let openai: OpenAI;
  let bedrockClient: BedrockRuntimeClient;
  let bedrockHeaders: ReturnType<typeof captureResponseHeaders>;

  before(async () => {
    openAiSim = await startRegionSimulator({ regionId: 'eu-west-3', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    bedrockSim = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    const config = testConfig({
      auth: testAuth,
      regions: [],
      extraDeployments: [
        { model: NOVA_LITE, region: 'eu-west-3', provider: 'openai-compatible', endpoint: `${openAiSim.url}/v1`, upstreamModel: 'sim-model' },
        { model: NOVA_LITE, region: 'eu-west-1', provider: 'bedrock', endpoint: bedrockSim.url },
        { model: DROPPABLE_MODEL, region: 'eu-west-1', provider: 'bedrock', endpoint: bedrockSim.url },
      ],
    });
    config.models = [
      ...(config.models as unknown[]),
      { id: DROPPABLE_MODEL, name: 'Droppable', nativeFormat: 'nova', price: { inputPerMillion: '1', outputPerMillion: '1' }, droppableSettings: ['seed', 'user'] },
    ];
    gateway = await startTestGateway(config, { env: testEnv() });
    // The bearer key's source region is eu-west-1: a bare model id reaches only the bedrock deployment there.
    openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: API_KEY, maxRetries: 0 });
    bedrockClient = sdkClient(gateway, 'eu-west-3');
    bedrockHeaders = captureResponseHeaders(bedrockClient);
  });
  after(async () => {
    bedrockClient.destroy();
    await gateway.close();
    await openAiSim.close();
    await bedrockSim.close();
  });

  it('answers 400 naming the setting when no deployment in reach can honour it (OpenAI wire)', async () => {
    const cases = [
      [{ seed: 7 }, 'seed'],
      [{ logprobs: true, top_logprobs: 2 }, 'logprobs'],
      [{ parallel_tool_calls: false }, 'parallel_tool_calls'],
      [{ user: 'u-1' }, 'user'],
      // Members with no canonical setting travel as OpenAI's own, so a Converse deployment refuses them too.
      [{ presence_penalty: 0.5 }, 'presence_penalty'],
      [{ logit_bias: { '50256': -100 } }, 'logit_bias'],
      [{ verbosity: 'low' }, 'verbosity'],
      [{ reasoning_effort: 'xhigh' }, 'reasoning_effort'],
    ] as const;
    for (const [extra, name] of cases) {
      await assert.rejects(openai.chat.completions.create({ model: NOVA_LITE, messages, ...extra }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError, String(error));
        assert.equal(error.status, 400);
        assert.match(error.message, new RegExp(`honour ${name}`));
        assert.equal((error.error as { param?: string }).param, name);
        return true;
      });
    }
    assert.equal(bedrockSim.stats().operations.converse ?? 0, 0, 'nothing was sent upstream');
  });

  it('skips the deployment that cannot honour a setting and serves from one that can', async () => {
    const response = await openai.chat.completions.create({ model: EU_PROFILE, messages, seed: 7 }).withResponse();
    assert.equal(response.response.headers.get('x-georoute-inference-region'), 'eu-west-3');
    assert.ok((response.data.choices[0]?.message.content ?? '').length > 0);
    const penalty = await openai.chat.completions.create({ model: EU_PROFILE, messages, presence_penalty: 0.5, frequency_penalty: 0 }).withResponse();
    assert.equal(penalty.response.headers.get('x-georoute-inference-region'), 'eu-west-3', 'an OpenAI-only member goes to the OpenAI-compatible deployment');
  });

  it('a value Converse cannot hold (tool choice none beside tools, a temperature above 1, a tier it lacks) skips the bedrock deployment before it is tried', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }];
    const cases = [[{ tools, tool_choice: 'none' as const }, 'tool_choice'], [{ temperature: 1.5 }, 'temperature'], [{ service_tier: 'scale' as const }, 'service_tier']] as const;
    for (const [extra, name] of cases) {
      bedrockSim.resetStats();
      const served = await openai.chat.completions.create({ model: EU_PROFILE, messages, ...extra }).withResponse();
      assert.equal(served.response.headers.get('x-georoute-inference-region'), 'eu-west-3', name);
      assert.equal(served.response.headers.get('x-georoute-attempts'), '1', `${name}: the bedrock deployment was no candidate, not a failed attempt`);
      await assert.rejects(openai.chat.completions.create({ model: NOVA_LITE, messages, ...extra }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError, String(error));
        assert.equal((error.error as { param?: string }).param, name);
        return true;
      });
      assert.equal(bedrockSim.stats().operations.converse ?? 0, 0, `${name}: nothing was sent to Bedrock`);
    }
  });

  it("takes OpenAI's defaults and nulls as asking nothing: a Converse deployment serves them", async () => {
    bedrockSim.resetStats();
    const params = { model: NOVA_LITE, messages, presence_penalty: 0, frequency_penalty: 0, store: false, logit_bias: {}, modalities: ['text' as const], verbosity: null };
    const answer = await openai.chat.completions.create(params);
    assert.ok((answer.choices[0]?.message.content ?? '').length > 0);
    assert.equal(bedrockSim.stats().operations.converse, 1);
  });

  it('answers 400 naming image_url when the only deployment in reach cannot take the image, and serves it where one can', async () => {
    const withImage = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'what is in the picture?' }, { type: 'image_url' as const, image_url: { url: 'https://example.com/cat.png' } }] }];
    bedrockSim.resetStats();
    await assert.rejects(openai.chat.completions.create({ model: NOVA_LITE, messages: withImage }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError, String(error));
      assert.match(error.message, /honour image_url\.url/);
      assert.equal((error.error as { param?: string }).param, 'image_url.url');
      return true;
    });
    assert.equal(bedrockSim.stats().operations.converse ?? 0, 0, 'the bedrock deployment was not tried');
    const response = await openai.chat.completions.create({ model: EU_PROFILE, messages: withImage }).withResponse();
    assert.equal(response.response.headers.get('x-georoute-inference-region'), 'eu-west-3');
    assert.ok((response.data.choices[0]?.message.content ?? '').length > 0);
    const inline = [{ role: 'user' as const, content: [{ type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }, { type: 'text' as const, text: 'and this?' }] }];
    const bytes = await openai.chat.completions.create({ model: NOVA_LITE, messages: inline });
    assert.ok((bytes.choices[0]?.message.content ?? '').length > 0, 'an inline image Converse can carry goes to bedrock');
    assert.equal(bedrockSim.stats().operations.converse, 1);
  });

  it('serves a PDF from the OpenAI-compatible deployment as a file part, and answers a ValidationException naming document for a Word file', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4 a tiny report');
    const answer = await bedrockClient.send(
      new ConverseCommand({ modelId: NOVA_LITE, messages: [{ role: 'user', content: [{ text: 'summarise' }, { document: { name: 'report', format: 'pdf', source: { bytes: pdf } } }] }] }),
    );
    assert.ok((answer.output?.message?.content?.[0]?.text ?? '').length > 0);
    assert.equal(bedrockHeaders.last()['x-georoute-inference-region'], 'eu-west-3');
    await assert.rejects(
      bedrockClient.send(
        new ConverseCommand({ modelId: NOVA_LITE, messages: [{ role: 'user', content: [{ text: 'summarise' }, { document: { name: 'report', format: 'doc', source: { bytes: pdf } } }] }] }),
      ),
      (error: unknown) => {
        assert.equal((error as Error).name, 'ValidationException');
        assert.match((error as Error).message, /honour document/);
        return true;
      },
    );
  });

  it('carries an OpenAI file part to Converse as a document, and answers 400 naming what has no canonical part', async () => {
    bedrockSim.resetStats();
    const withFile = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'summarise' }, { type: 'file' as const, file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQ=', filename: 'report.pdf' } }] }];
    const answer = await openai.chat.completions.create({ model: NOVA_LITE, messages: withFile });
    assert.ok((answer.choices[0]?.message.content ?? '').length > 0);
    assert.equal(bedrockSim.stats().operations.converse, 1, 'the bedrock deployment served it');
    const audio = [{ role: 'user' as const, content: [{ type: 'input_audio' as const, input_audio: { data: 'UklGRg==', format: 'wav' as const } }] }];
    const byId = [{ role: 'user' as const, content: [{ type: 'file' as const, file: { file_id: 'file-abc' } }] }];
    for (const [body, name] of [[audio, 'input_audio'], [byId, 'file_id']] as const) {
      await assert.rejects(openai.chat.completions.create({ model: NOVA_LITE, messages: body }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError, String(error));
        assert.match(error.message, new RegExp(`honour ${name}`));
        assert.equal((error.error as { param?: string }).param, name);
        return true;
      });
    }
    assert.equal(bedrockSim.stats().operations.converse, 1, 'nothing more was sent upstream');
    const relayed = await openai.chat.completions.create({ model: EU_PROFILE, messages: audio }).withResponse();
    assert.equal(relayed.response.headers.get('x-georoute-inference-region'), 'eu-west-3', 'an OpenAI-compatible upstream gets the audio as it came');
  });

  it('maps structured output to Converse outputConfig: the answer is JSON valid for the schema', async () => {
    bedrockSim.resetStats();
    const completion = await openai.chat.completions.create({
      model: NOVA_LITE,
      messages,
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema, strict: true } },
      service_tier: 'flex',
      metadata: { team: 'maps' },
    });
    assert.equal(bedrockSim.stats().operations.converse, 1);
    assertMatchesSchema(completion.choices[0]?.message.content ?? '');
  });

  it('streams structured output from a bedrock deployment too', async () => {
    const stream = await openai.chat.completions.create({
      model: NOVA_LITE,
      messages,
      stream: true,
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema } },
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assertMatchesSchema(text);
  });

  it('maps Converse outputConfig to response_format for an OpenAI-compatible deployment', async () => {
    const out = await bedrockClient.send(
      new ConverseCommand({
        modelId: NOVA_LITE,
        messages: [{ role: 'user', content: [{ text: 'weather report please' }] }],
        outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'weather' } } } },
      }),
    );
    assert.equal(bedrockHeaders.last()['x-georoute-inference-region'], 'eu-west-3');
    assertMatchesSchema(out.output?.message?.content?.[0]?.text ?? '');
  });

  it('answers a ValidationException naming a Bedrock-only member an OpenAI-compatible deployment cannot pass on; a default asks nothing', async () => {
    await assert.rejects(
      bedrockClient.send(
        new ConverseCommand({ modelId: NOVA_LITE, messages: [{ role: 'user', content: [{ text: 'hi' }] }], additionalModelRequestFields: { inferenceConfig: { topK: 20 } } }),
      ),
      (error: unknown) => {
        assert.equal((error as Error).name, 'ValidationException');
        assert.match((error as Error).message, /honour additionalModelRequestFields/);
        return true;
      },
    );
    const hi = [{ role: 'user' as const, content: [{ text: 'hi' }] }];
    await assert.rejects(bedrockClient.send(new ConverseCommand({ modelId: NOVA_LITE, messages: hi, performanceConfig: { latency: 'optimized' } })), /honour performanceConfig/);
    const standard = await bedrockClient.send(new ConverseCommand({ modelId: NOVA_LITE, messages: hi, performanceConfig: { latency: 'standard' } }));
    assert.ok((standard.output?.message?.content?.[0]?.text ?? '').length > 0, "Bedrock's default latency asks nothing");
  });

  it('drops only what the operator listed for the model (models[].droppableSettings)', async () => {
    const completion = await openai.chat.completions.create({ model: DROPPABLE_MODEL, messages, seed: 7, user: 'u-1' });
    assert.ok((completion.choices[0]?.message.content ?? '').length > 0);
    await assert.rejects(openai.chat.completions.create({ model: DROPPABLE_MODEL, messages, seed: 7, logprobs: true }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.match(error.message, /honour logprobs/);
      assert.doesNotMatch(error.message, /seed/);
      return true;
    });
  });

  it('passes logprobs through to an upstream that speaks OpenAI, and the simulator honours them', async () => {
    const completion = await openai.chat.completions.create({ model: EU_PROFILE, messages, logprobs: true, top_logprobs: 2 });
    const content = completion.choices[0]?.logprobs?.content ?? [];
    assert.ok(content.length > 0);
    assert.equal(content.map((t) => t.token).join(''), completion.choices[0]?.message.content);
    for (const token of content) {
      assert.ok(token.logprob <= 0);
      assert.equal(token.top_logprobs.length, 2);
    }
  });
});
