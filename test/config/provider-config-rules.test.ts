/**
 * The configuration check takes each provider kind's rules from the provider registry (provider-kinds.ts): its
 * endpoint rule, the deployment section of its own and whether it takes `wireFormats`. No kind is named in the
 * check itself, so these messages follow the registry.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { parseConfigText } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { PROVIDER_KINDS } from '../../src/providers/provider-kinds.js';
import { NOVA_LITE, testConfig } from '../support/test-gateway.js';

function problems(deployment: Record<string, unknown>): string {
  try {
    parseConfigText(stringify(testConfig({ regions: ['eu-central-1'], extraDeployments: [deployment] })), 'test.yaml', { env: { K: 'k' } });
    return '';
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems.join('\n');
  }
}

const openAi = { model: NOVA_LITE, region: 'eu-west-1', provider: 'openai-compatible', endpoint: 'http://127.0.0.1:9/v1', upstreamModel: 'm' };

describe('provider configuration rules from the registry', () => {
  it("a provider's own section on another kind's deployment is refused, naming the kind it belongs to", () => {
    assert.match(problems({ ...openAi, sim: { timeToFirstTokenMs: 1, tokensPerSecond: 10 } }), /deployments\[1\]\.sim: only for provider "sim"/);
    assert.match(problems({ ...openAi, vertex: { project: 'my-project', location: 'europe-west4' } }), /deployments\[1\]\.vertex: only for provider "vertex-gemini"/);
  });

  it('wireFormats is refused where the kind does not take it, naming the kinds that do', () => {
    const message = problems({ model: NOVA_LITE, region: 'eu-west-1', provider: 'bedrock', wireFormats: ['openai-responses'] });
    const takers = PROVIDER_KINDS.filter((k) => k.config.takesWireFormats).map((k) => `"${k.kind}"`);
    assert.ok(takers.length > 0);
    assert.match(message, new RegExp(`deployments\\[1\\]\\.wireFormats: only for providers ${takers.join(' and ')}`));
    assert.equal(problems({ ...openAi, wireFormats: ['openai-responses'] }), '');
  });

  it('the endpoint rule: required, or forbidden for a kind that starts its own upstream', () => {
    assert.match(problems({ model: NOVA_LITE, region: 'eu-west-1', provider: 'openai-compatible', upstreamModel: 'm' }), /deployments\[1\]\.endpoint: required for this provider/);
    assert.match(problems({ model: NOVA_LITE, region: 'eu-west-1', provider: 'sim', endpoint: 'http://127.0.0.1:9' }), /starts its own upstream; remove endpoint/);
  });
});
