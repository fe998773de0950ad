import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { parseConfigText } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/config/config-error.js';
import { NOVA_LITE, testConfig } from '../../support/test-gateway.js';

const vertex = (location: string, extra: Record<string, unknown> = {}) => ({
  id: 'vertex', model: NOVA_LITE, region: 'eu-west-1', provider: 'vertex-gemini', upstreamModel: 'gemini-2.5-flash',
  vertex: { project: 'my-project', location }, ...extra,
});

function problems(deployment: Record<string, unknown>): string[] {
  try {
    parseConfigText(stringify(testConfig({ regions: ['eu-central-1'], extraDeployments: [deployment] })), 'test.yaml', { env: {} });
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return [...error.problems];
  }
}

describe('vertex-gemini endpoints at config load', () => {
  it('a regional endpoint needs nothing declared', () => {
    assert.deepEqual(problems(vertex('europe-west4')), []);
  });

  it('refuses a multi-region endpoint without its regions, naming vertex.location', () => {
    assert.match(problems(vertex('eu')).join('\n'), /^deployments\[1\]\.vertex\.location: "eu" is the Vertex AI "eu" multi-region endpoint \(aiplatform\.eu\.rep\.googleapis\.com\): .*declare processingRegions/);
    assert.deepEqual(problems(vertex('eu', { processingRegions: ['eu-west-1', 'eu-central-1'] })), []);
    assert.match(problems(vertex('eu', { processingRegions: [] })).join('\n'), /processingRegions: an empty \(unknown\) processing set/);
  });

  it('refuses the global endpoint unless its set is declared or stated unknown', () => {
    assert.match(problems(vertex('global')).join('\n'), /deployments\[1\]\.vertex\.location: "global" is the Vertex AI global endpoint .*processingRegions: \[\] to say it is unknown/);
    assert.deepEqual(problems(vertex('global', { processingRegions: [] })), []);
  });

  it('requires its vertex settings', () => {
    assert.match(problems({ model: NOVA_LITE, region: 'eu-west-1', provider: 'vertex-gemini' }).join('\n'), /deployments\[1\]\.vertex: required for provider "vertex-gemini"/);
  });
});
