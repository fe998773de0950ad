/** Each candidate is served as it is, converted, or not at all, decided from its provider; the 400 names settings. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { parseConfigText } from '../../src/config/load-config.js';
import type { InferenceProvider } from '../../src/inference/inference-provider-contract.js';
import type { InferenceRequest } from '../../src/inference/inference-request.js';
import type { InferenceSettingName } from '../../src/inference/inference-settings.js';
import { anthropicCapabilities } from '../../src/providers/anthropic/anthropic-capabilities.js';
import { azureOpenAiCapabilities } from '../../src/providers/azure-openai/azure-openai-capabilities.js';
import { bedrockCapabilities } from '../../src/providers/bedrock/bedrock-capabilities.js';
import { openAiCompatibleCapabilities } from '../../src/providers/openai-compatible/openai-compatible-capabilities.js';
import { vertexGeminiCapabilities } from '../../src/providers/vertex-gemini/vertex-gemini-capabilities.js';
import { DeploymentRoutes } from '../../src/pipeline/plan-deployment-routes.js';
import { UpstreamFailure } from '../../src/providers/upstream-contract.js';
import { openAiChatSurface } from '../../src/surfaces/openai-chat/openai-chat-surface.js';
import { NOVA_LITE, testConfig } from '../support/test-gateway.js';

const { catalog } = parseConfigText(stringify(testConfig({ regions: ['eu-central-1', 'eu-west-1', 'us-east-1'] })), 'test.yaml');
const deployments = catalog.deploymentsByModel.get(NOVA_LITE) ?? [];
const profile = catalog.systemProfiles.get(NOVA_LITE) ?? assert.fail('bare model profile');

function provider(deploymentId: string, shape: { native?: string[]; honours?: InferenceSettingName[]; nativeOnly?: boolean; refuses?: InferenceSettingName[] }): InferenceProvider {
  const deployment = deployments.find((d) => d.id === deploymentId);
  if (!deployment) throw new Error(deploymentId);
  const refuse = () => Promise.reject(new UpstreamFailure('rejected', 'not called in this test'));
  return {
    specificationVersion: 'georoute-inference-v1',
    deployment,
    capabilities: { honours: new Set(shape.honours ?? []), ...(shape.refuses === undefined ? {} : { refuses: () => shape.refuses ?? [] }) },
    generate: refuse,
    stream: refuse,
    native: shape.native && { formats: shape.native as never, send: refuse },
    nativeOnly: shape.nativeOnly,
    close: async () => undefined,
  };
}

const topK: InferenceRequest = { system: [], messages: [], settings: { topK: 5 } };

function routesFor(shapes: Record<string, Parameters<typeof provider>[1]>, canonicalCalls: { count: number }, request: InferenceRequest = topK, inCatalog = catalog) {
  const providers = new Map(deployments.map((d) => [d.id, provider(d.id, shapes[d.regionId] ?? {})]));
  const services = { catalog: inCatalog, providerFor: (id: string) => providers.get(id) ?? assert.fail(id) };
  return new DeploymentRoutes(services, {
    wire: { format: 'openai-chat', body: {} },
    profile,
    surface: openAiChatSurface,
    canonical: () => {
      canonicalCalls.count++;
      return { modelId: NOVA_LITE, stream: false, request };
    },
  });
}

const byRegion = (region: string) => deployments.find((d) => d.regionId === region) ?? assert.fail(region);

describe('DeploymentRoutes', () => {
  it('takes the fast path without parsing the canonical request', () => {
    const calls = { count: 0 };
    const routes = routesFor({ 'eu-central-1': { native: ['openai-chat'] }, 'eu-west-1': { native: ['openai-chat'] } }, calls);
    assert.deepEqual(routes.routeOf(byRegion('eu-central-1')), { kind: 'native' });
    assert.equal(routes.accepts(byRegion('eu-west-1')), true);
    assert.equal(calls.count, 0, 'no canonical parse on the fast path');
  });

  it('converts where the provider honours the settings, refuses where it would drop one, and never offers a nativeOnly relay', () => {
    const calls = { count: 0 };
    const routes = routesFor({ 'eu-central-1': { honours: ['topK'] }, 'eu-west-1': { honours: [] }, 'us-east-1': { nativeOnly: true } }, calls);
    assert.deepEqual(routes.routeOf(byRegion('eu-central-1')), { ...routes.routeOf(byRegion('eu-central-1')), kind: 'converted', unhonoured: [] });
    assert.deepEqual(routes.routeOf(byRegion('eu-west-1')), { ...routes.routeOf(byRegion('eu-west-1')), kind: 'converted', unhonoured: ['topK'] });
    assert.equal(routes.accepts(byRegion('eu-west-1')), false);
    assert.equal(routes.routeOf(byRegion('us-east-1')), undefined);
    routes.routeOf(byRegion('eu-central-1'));
    assert.equal(calls.count, 1, 'parsed once, decided once per candidate');
  });

  it('a value the provider refuses makes no candidate, unless the operator lets the model drop that setting', () => {
    const shapes = { 'eu-central-1': { honours: ['topK' as const], refuses: ['topK' as const] } };
    const refusing = routesFor(shapes, { count: 0 });
    assert.deepEqual(refusing.routeOf(byRegion('eu-central-1')), { kind: 'converted', unhonoured: ['topK'], dropped: [] });
    assert.equal(refusing.accepts(byRegion('eu-central-1')), false);
    const config = testConfig({ regions: ['eu-central-1', 'eu-west-1', 'us-east-1'] });
    config.models = (config.models as Array<Record<string, unknown>>).map((model) => ({ ...model, droppableSettings: ['topK'] }));
    const dropping = routesFor(shapes, { count: 0 }, topK, parseConfigText(stringify(config), 'test.yaml').catalog);
    assert.deepEqual(dropping.routeOf(byRegion('eu-central-1')), { kind: 'converted', unhonoured: [], dropped: ['topK'] });
    assert.equal(dropping.accepts(byRegion('eu-central-1')), true);
  });

  it('is a 400 naming the setting in the caller\'s words when no deployment inside the boundary honours it', () => {
    const routes = routesFor({ 'eu-central-1': { honours: [] }, 'eu-west-1': { honours: [] }, 'us-east-1': { honours: ['topK'] } }, { count: 0 });
    assert.throws(() => routes.assertSomeDeploymentHonours(['eu-central-1', 'eu-west-1']), (error: { code: string; param: string }) => error.code === 'invalid_request' && error.param === 'top_k');
    assert.doesNotThrow(() => routes.assertSomeDeploymentHonours(['eu-central-1', 'us-east-1']));
  });

  describe('content a provider cannot carry (the providers\' declared capabilities)', () => {
    const user = (content: InferenceRequest['messages'][number]['content']): InferenceRequest => ({ system: [], messages: [{ role: 'user', content } as InferenceRequest['messages'][number]], settings: {} });
    const imageAtUrl = user([{ type: 'text', text: 'what is this?' }, { type: 'image', mediaType: 'image/*', source: { kind: 'url', url: 'https://example.com/cat.png' } }]);
    const pdf = user([{ type: 'document', mediaType: 'application/pdf', source: { kind: 'base64', data: 'JVBERi0=' }, name: 'report' }]);
    const thinking: InferenceRequest = {
      system: [],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'the user greets', signature: 'c2ln' }, { type: 'text', text: 'hello' }] },
        { role: 'user', content: [{ type: 'text', text: 'again' }] },
      ],
      settings: {},
    };
    const bedrock = [...bedrockCapabilities(byRegion('eu-central-1')).honours];
    const openai = [...openAiCompatibleCapabilities.honours];

    it('an image at a URL is no candidate for bedrock (it fetches no URLs) and is served where the upstream fetches it', () => {
      const routes = routesFor({ 'eu-central-1': { honours: bedrock }, 'eu-west-1': { honours: openai } }, { count: 0 }, imageAtUrl);
      assert.equal(routes.accepts(byRegion('eu-central-1')), false);
      assert.equal(routes.accepts(byRegion('eu-west-1')), true);
      assert.doesNotThrow(() => routes.assertSomeDeploymentHonours(['eu-central-1', 'eu-west-1']));
      assert.throws(() => routes.assertSomeDeploymentHonours(['eu-central-1']), (error: { code: string; param: string; message: string }) => error.code === 'invalid_request' && error.param === 'image_url.url');
    });

    it("a PDF's bytes are no candidate for Azure's chat wire; bedrock, anthropic, gemini and openai-compatible (a file part) take it", () => {
      for (const [honours, takes] of [[openai, true], [[...azureOpenAiCapabilities.honours], false], [bedrock, true], [[...anthropicCapabilities.honours], true], [[...vertexGeminiCapabilities.honours], true]] as const) {
        const routes = routesFor({ 'eu-central-1': { honours: [...honours] } }, { count: 0 }, pdf);
        assert.equal(routes.accepts(byRegion('eu-central-1')), takes);
      }
      const azure = [...azureOpenAiCapabilities.honours];
      const routes = routesFor({ 'eu-central-1': { honours: azure }, 'eu-west-1': { honours: azure } }, { count: 0 }, pdf);
      assert.throws(() => routes.assertSomeDeploymentHonours(['eu-central-1', 'eu-west-1']), (error: { param: string }) => error.param === 'file');
    });

    it('reasoning history goes only where the wire holds it, unless the operator lets it drop', () => {
      const routes = routesFor({ 'eu-central-1': { honours: [...azureOpenAiCapabilities.honours] }, 'eu-west-1': { honours: [...vertexGeminiCapabilities.honours] }, 'us-east-1': { honours: bedrock } }, { count: 0 }, thinking);
      assert.equal(routes.accepts(byRegion('eu-central-1')), false);
      assert.equal(routes.accepts(byRegion('eu-west-1')), false);
      assert.equal(routes.accepts(byRegion('us-east-1')), true);
      assert.throws(() => routes.assertSomeDeploymentHonours(['eu-central-1', 'eu-west-1']), (error: { param: string }) => error.param === 'reasoning_content');
    });

    it('a cache point is honoured everywhere: carried by Converse and Anthropic, a hint to upstreams that cache prefixes on their own', () => {
      const cached: InferenceRequest = { system: [{ type: 'text', text: 'long prefix' }, { type: 'cache-point' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], settings: {} };
      for (const honours of [openai, [...azureOpenAiCapabilities.honours], [...vertexGeminiCapabilities.honours], bedrock, [...anthropicCapabilities.honours]]) {
        assert.equal(routesFor({ 'eu-central-1': { honours } }, { count: 0 }, cached).accepts(byRegion('eu-central-1')), true);
      }
    });
  });
});
