/**
 * InvokeModel's guardrail, trace and latency headers (`X-Amzn-Bedrock-GuardrailIdentifier`, `-GuardrailVersion`,
 * `-Trace`, `-PerformanceConfig-Latency`), sent by the AWS SDK v3 from `InvokeModelCommand`: they reach a Bedrock
 * upstream with the body; a deployment that cannot apply them is no candidate, so the request goes to one that
 * can, or is a ValidationException naming the header, and never runs without its guardrail.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { InvokeModelCommand, type BedrockRuntimeClient, type InvokeModelCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { captureResponseHeaders, EU_PROFILE, sdkClient, testAuth, testEnv } from './bedrock-test-kit.js';

const novaBody = new TextEncoder().encode(JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hello' }] }], inferenceConfig: { maxTokens: 20 } }));
type InvokeOptions = Pick<InvokeModelCommandInput, 'guardrailIdentifier' | 'guardrailVersion' | 'trace' | 'performanceConfigLatency'>;
const guarded: InvokeOptions = { guardrailIdentifier: 'gr-eu-1', guardrailVersion: '3', trace: 'ENABLED', performanceConfigLatency: 'optimized' };

describe('InvokeModel guardrail headers', () => {
  let upstream: Server;
  const seen: IncomingHttpHeaders[] = [];
  let openAiSim: RunningSimulator;
  let gateway: TestGateway;

  before(async () => {
    upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push(req.headers);
        res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-bedrock-input-token-count': '3', 'x-amzn-bedrock-output-token-count': '1' });
        res.end(JSON.stringify({ output: { message: { role: 'assistant', content: [{ text: 'ok' }] } }, stopReason: 'end_turn', usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 } }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    openAiSim = await startRegionSimulator({ regionId: 'eu-west-3', timeToFirstTokenMs: 1, tokensPerSecond: 5_000 });
    const config = testConfig({
      auth: testAuth,
      regions: [],
      extraDeployments: [
        { model: NOVA_LITE, region: 'eu-west-1', provider: 'bedrock', endpoint: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` },
        { model: NOVA_LITE, region: 'eu-west-3', provider: 'openai-compatible', endpoint: `${openAiSim.url}/v1`, upstreamModel: 'sim-model' },
      ],
    });
    gateway = await startTestGateway(config, { env: { ...testEnv(), AWS_ACCESS_KEY_ID: 'AKIDUPSTREAM', AWS_SECRET_ACCESS_KEY: 'upstream-secret' } });
  });
  after(async () => {
    await gateway.close();
    await openAiSim.close();
    upstream.close();
  });

  function invoke(client: BedrockRuntimeClient, modelId: string, extra: InvokeOptions = guarded) {
    return client.send(new InvokeModelCommand({ modelId, body: novaBody, contentType: 'application/json', ...extra }));
  }

  it('sends them to the Bedrock upstream with the body, and spills past a deployment that cannot apply them', async () => {
    const client = sdkClient(gateway, 'eu-west-3');
    const headers = captureResponseHeaders(client);
    seen.length = 0;
    await invoke(client, EU_PROFILE);
    assert.equal(headers.last()['x-georoute-inference-region'], 'eu-west-1', 'the OpenAI-compatible deployment in the source region was no candidate');
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.['x-amzn-bedrock-guardrailidentifier'], 'gr-eu-1');
    assert.equal(seen[0]?.['x-amzn-bedrock-guardrailversion'], '3');
    assert.equal(seen[0]?.['x-amzn-bedrock-trace'], 'ENABLED');
    assert.equal(seen[0]?.['x-amzn-bedrock-performanceconfig-latency'], 'optimized');
    client.destroy();
  });

  it('is a ValidationException naming the header when only a deployment that cannot apply it is in reach; nothing is sent', async () => {
    const client = sdkClient(gateway, 'eu-west-3');
    const before = openAiSim.stats().operations['chat.completions'] ?? 0;
    await assert.rejects(invoke(client, NOVA_LITE), (error: unknown) => {
      assert.equal((error as Error).name, 'ValidationException');
      assert.match((error as Error).message, /honour X-Amzn-Bedrock-GuardrailIdentifier, X-Amzn-Bedrock-PerformanceConfig-Latency/);
      return true;
    });
    assert.equal(openAiSim.stats().operations['chat.completions'] ?? 0, before);
    const plain = await invoke(client, NOVA_LITE, {});
    assert.ok(plain.body.byteLength > 0, 'without the headers the same request is served there');
    client.destroy();
  });

  it('refuses a trace or latency value Bedrock does not take, naming the header', async () => {
    const client = sdkClient(gateway, 'eu-west-1');
    const cases: Array<[Record<string, string>, string]> = [[{ ...guarded, trace: 'VERBOSE' }, 'X-Amzn-Bedrock-Trace'], [{ performanceConfigLatency: 'fast' }, 'X-Amzn-Bedrock-PerformanceConfig-Latency']];
    for (const [extra, header] of cases) {
      await assert.rejects(invoke(client, NOVA_LITE, extra as InvokeOptions), (error: unknown) => {
        assert.equal((error as Error).name, 'ValidationException');
        assert.match((error as Error).message, new RegExp(header));
        return true;
      });
    }
    client.destroy();
  });
});
