/**
 * A deployment whose upstream routes on its own (issue #8): a `bedrock` deployment called with a cross-region
 * profile id as `upstreamModel`, against the region simulator standing in for Bedrock. Without `processingRegions`
 * the configuration is refused at start-up; with them, the deployment is a candidate only of boundaries that hold
 * its whole set, and its audit record names the candidate set instead of a region georoute cannot know.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConverseCommand, ValidationException, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { stringify } from 'yaml';
import { parseConfigText } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { readAuditRecords } from '../support/read-audit-records.js';
import OpenAI from 'openai';
import { EU_REGIONS, NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { captureResponseHeaders, sdkClient, startBedrockTestGateway, testAuth } from './bedrock-test-kit.js';

const EU_SET = ['eu-central-1', 'eu-west-1', 'eu-west-3'];
const WORLD_SET = ['eu-central-1', 'eu-west-1', 'eu-west-3', 'us-east-1', 'us-west-2'];

function problemsOf(deployment: Record<string, unknown>): string[] {
  const config = testConfig({ auth: testAuth, regions: [], extraDeployments: [deployment] });
  try {
    parseConfigText(stringify(config), 't.yaml', { env: { GEOROUTE_TEST_BEDROCK_SECRET: 's', GEOROUTE_TEST_BEDROCK_API_KEY: 'k' } });
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return [...error.problems];
  }
}

describe('a delegating bedrock deployment', () => {
  it('is refused at start-up unless it declares processingRegions, with the regions AWS documents as a hint', () => {
    const base = { model: NOVA_LITE, region: 'eu-west-1', provider: 'bedrock', endpoint: 'http://127.0.0.1:9' };
    const [euProblem] = problemsOf({ ...base, upstreamModel: `eu.${NOVA_LITE}` });
    assert.match(euProblem, /^deployments\[0\]\.upstreamModel: "eu\.amazon\.nova-2-lite-v1:0" is the Bedrock cross-region inference profile prefix "eu\."/);
    assert.match(euProblem, /declare processingRegions .*AWS documents: eu-central-1, eu-north-1, eu-south-1, eu-south-2, eu-west-1, eu-west-3/);
    assert.match(problemsOf({ ...base, upstreamModel: `global.${NOVA_LITE}` })[0], /"global\.".*every commercial AWS region/);
    assert.match(problemsOf({ ...base, upstreamModel: `us-gov.${NOVA_LITE}` })[0], /"us-gov\.".*us-gov-east-1, us-gov-west-1/);
    for (const prefix of ['us', 'apac', 'jp', 'au', 'ca']) assert.equal(problemsOf({ ...base, upstreamModel: `${prefix}.${NOVA_LITE}` }).length, 1, prefix);
    assert.match(
      problemsOf({ ...base, upstreamModel: `arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.${NOVA_LITE}` })[0],
      /is an inference-profile ARN \(the Bedrock cross-region inference profile prefix "eu\."\)/,
    );
    assert.match(problemsOf({ ...base, upstreamModel: 'arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abc123' })[0], /application inference profile ARN/);
    assert.deepEqual(problemsOf({ ...base, upstreamModel: NOVA_LITE }), [], 'a foundation model runs in its region');
    assert.deepEqual(problemsOf({ ...base, upstreamModel: `eu.${NOVA_LITE}`, processingRegions: EU_SET }), []);
    assert.match(problemsOf({ ...base, upstreamModel: `eu.${NOVA_LITE}`, processingRegions: ['eu-west-9'] })[0], /deployments\[0\]\.processingRegions\[0\]: unknown region "eu-west-9"/);
  });

  describe('against the simulator', () => {
    let euSim: RunningSimulator;
    let worldSim: RunningSimulator;
    let gateway: TestGateway;
    const clients: BedrockRuntimeClient[] = [];
    const client = (region: string) => {
      const c = sdkClient(gateway, region);
      clients.push(c);
      return c;
    };
    const converse = (modelId: string) => new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'where?' }] }], inferenceConfig: { maxTokens: 3 } });

    before(async () => {
      euSim = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
      worldSim = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
      gateway = await startBedrockTestGateway({
        regions: [],
        extraDeployments: [
          { id: 'nova-eu-cris', model: NOVA_LITE, region: 'eu-west-1', provider: 'bedrock', endpoint: euSim.url, upstreamModel: `eu.${NOVA_LITE}`, processingRegions: EU_SET },
          { id: 'nova-global-cris', model: NOVA_LITE, region: 'eu-west-1', provider: 'bedrock', endpoint: worldSim.url, upstreamModel: `global.${NOVA_LITE}`, processingRegions: WORLD_SET },
        ],
      });
    });
    after(async () => {
      for (const c of clients) c.destroy();
      await gateway.close();
      await euSim.close();
      await worldSim.close();
    });

    it('serves an eu. profile only through the deployment whose whole set is in the EU, and records the candidate set', async () => {
      const c = client('eu-central-1');
      const headers = captureResponseHeaders(c);
      for (let i = 0; i < 4; i++) assert.equal((await c.send(converse(`eu.${NOVA_LITE}`))).usage?.outputTokens, 3);
      assert.equal(worldSim.stats().received, 0, 'the global deployment never served an eu. request');
      assert.equal(euSim.stats().served, 4);
      assert.equal(headers.last()['x-georoute-inference-region'], undefined, 'no single region is claimed');
      assert.equal(headers.last()['x-georoute-inference-region-candidates'], EU_SET.join(','));
      const records = readAuditRecords(gateway.dataDir, 'eu-central-1');
      assert.equal(records.length, 4);
      for (const record of records) {
        const data = record.additionalEventData as { inferenceRegion?: string; inferenceRegionCandidates?: string[]; boundary?: string[]; deploymentId?: string };
        assert.equal(data.inferenceRegion, undefined);
        assert.deepEqual(data.inferenceRegionCandidates, EU_SET);
        assert.equal(data.deploymentId, 'nova-eu-cris');
        for (const region of data.inferenceRegionCandidates ?? []) assert.ok(data.boundary?.includes(region), `${region} is inside the recorded boundary`);
      }
    });

    it('lets a global profile use both, and refuses a bare model id that no deployment serves in its region only', async () => {
      const out = await client('eu-west-1').send(converse(`global.${NOVA_LITE}`));
      assert.equal(out.usage?.outputTokens, 3);
      await assert.rejects(client('eu-west-1').send(converse(NOVA_LITE)), (error: unknown) => {
        assert.ok(error instanceof ValidationException, String(error));
        assert.match(error.message, /No deployment of model "amazon\.nova-2-lite-v1:0" processes entirely inside/);
        return true;
      });
    });
  });

  describe('an upstream that reports where it ran (a georoute gateway behind georoute)', () => {
    let inner: TestGateway;
    let outer: TestGateway;
    before(async () => {
      inner = await startTestGateway(testConfig());
      outer = await startTestGateway(
        testConfig({
          regions: [],
          extraDeployments: [
            {
              id: 'inner-eu', model: NOVA_LITE, region: 'eu-central-1', provider: 'openai-compatible', endpoint: `${inner.url}/v1`,
              upstreamModel: `eu.${NOVA_LITE}`, processingRegions: [...EU_REGIONS],
            },
          ],
        }),
      );
    });
    after(async () => {
      await outer.close();
      await inner.close();
    });

    it('records the reported region beside the candidate set', async () => {
      const client = new OpenAI({ baseURL: `${outer.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': 'eu-west-3' } });
      const { response } = await client.chat.completions.create({ model: `eu.${NOVA_LITE}`, messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 }).withResponse();
      const reported = response.headers.get('x-georoute-inference-region');
      assert.ok(reported && (EU_REGIONS as readonly string[]).includes(reported), `the inner gateway ran it in ${reported}`);
      const [record] = readAuditRecords(outer.dataDir, 'eu-west-3');
      const data = record.additionalEventData as { inferenceRegion?: string; inferenceRegionCandidates?: string[] };
      assert.equal(data.inferenceRegion, reported);
      assert.deepEqual(data.inferenceRegionCandidates, [...EU_REGIONS]);
      assert.equal(readAuditRecords(inner.dataDir, 'eu-central-1')[0]?.additionalEventData.inferenceRegion, reported, 'the inner record agrees');
    });
  });
});
