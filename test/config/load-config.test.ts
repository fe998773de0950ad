import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/config/config-error.js';
import { BUNDLED_DEMO_CONFIG, loadConfig, parseConfigText, resolveConfigPath } from '../../src/config/load-config.js';
import { testConfig } from '../support/test-gateway.js';

function problemsOf(config: unknown, env: NodeJS.ProcessEnv = {}): readonly string[] {
  try {
    parseConfigText(typeof config === 'string' ? config : stringify(config), 'test.yaml', { env });
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  return [];
}

function withDeployment(patch: Record<string, unknown>, index = 3): Record<string, unknown> {
  const config = testConfig();
  const deployments = config.deployments as Record<string, unknown>[];
  deployments[index] = { ...deployments[index], ...patch };
  return config;
}

describe('configuration loading', () => {
  it('accepts the test configuration and the bundled demo', async () => {
    assert.deepEqual(problemsOf(testConfig()), []);
    const demo = await loadConfig(BUNDLED_DEMO_CONFIG);
    assert.equal(demo.isBundledDemo, true);
    assert.equal(demo.catalog.regions.size, 11);
  });

  it('names the path of an unknown region reference', () => {
    assert.deepEqual(problemsOf(withDeployment({ region: 'eu-west-9' })), ['deployments[3].region: unknown region "eu-west-9"']);
  });

  it('names the path of schema violations', () => {
    const problems = problemsOf(withDeployment({ capacity: { maxConcurrent: -1 } }, 0));
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^deployments\[0\]\.capacity\.maxConcurrent: /);
    assert.match(problemsOf({ ...testConfig(), regions: [{ id: 'x', name: 'X', country: 'Germany', latitude: 1, longitude: 1 }] }).join('\n'), /regions\[0\]\.country: .*ISO/);
    assert.match(problemsOf({ ...testConfig(), surprise: 1 }).join('\n'), /Unrecognized key.*surprise/);
  });

  it('reports YAML syntax errors and duplicate keys', () => {
    assert.match(problemsOf('server: [unclosed').join('\n'), /^YAML: /);
    assert.match(problemsOf('a: 1\na: 2\n').join('\n'), /YAML: .*[Mm]ap keys must be unique/);
  });

  it('refuses plain HTTP to a non-loopback host unless allowInsecure', () => {
    const insecure = { ...testConfig(), deployments: [{ model: 'amazon.nova-2-lite-v1:0', region: 'eu-central-1', provider: 'openai-compatible', endpoint: 'http://10.1.2.3/v1' }] };
    assert.match(problemsOf(insecure).join('\n'), /deployments\[0\]\.endpoint: plain HTTP to a non-loopback host/);
    const allowed = { ...insecure, deployments: [{ ...insecure.deployments[0], allowInsecure: true }] };
    assert.deepEqual(problemsOf(allowed), []);
    const loopback = { ...insecure, deployments: [{ ...insecure.deployments[0], endpoint: 'http://127.0.0.1:9000/v1' }] };
    assert.deepEqual(problemsOf(loopback), []);
  });

  it('requires credentials by environment reference that exist, never inline', () => {
    const config = withDeployment({ provider: 'openai-compatible', endpoint: 'https://api.example.com/v1', sim: undefined, credentials: { apiKeyEnv: 'MISSING_KEY' } }, 0);
    assert.deepEqual(problemsOf(config), ['deployments[0].credentials.apiKeyEnv: environment variable MISSING_KEY is not set']);
    assert.deepEqual(problemsOf(config, { MISSING_KEY: 'sk-x' }), []);
    assert.match(problemsOf(withDeployment({ credentials: { apiKey: 'sk-inline' } }, 0)).join('\n'), /Unrecognized key.*apiKey/);
  });

  it('rejects an auth section with no credentials unless auth: none', () => {
    assert.match(problemsOf({ ...testConfig(), auth: { apiKeys: [] } }).join('\n'), /auth: no API keys or access keys are configured; .*auth: none/);
    assert.deepEqual(problemsOf({ ...testConfig(), auth: 'none' }), []);
  });

  it('rejects duplicates, unknown models, a reserved global geography and an unknown default region', () => {
    const config = testConfig();
    const deployments = config.deployments as Record<string, unknown>[];
    const problems = problemsOf({
      ...config,
      server: { ...(config.server as object), defaultSourceRegion: 'mars-1' },
      geographies: [...(config.geographies as object[]), { id: 'global', regions: ['eu-central-1'] }],
      deployments: [...deployments, deployments[0], { model: 'nope', region: 'eu-central-1', provider: 'sim' }],
    });
    assert.ok(problems.includes('server.defaultSourceRegion: unknown region "mars-1"'), problems.join('\n'));
    assert.ok(problems.some((p) => /^geographies\[3\]\.id: "global" is reserved/.test(p)));
    assert.ok(problems.some((p) => /^deployments\[7\]\.id: duplicate deployment/.test(p)));
    assert.ok(problems.includes('deployments[8].model: unknown model "nope"'));
  });

  it('reads prices exactly as integer micro-units', () => {
    const loaded = parseConfigText(stringify(testConfig()), 't.yaml', { env: {} });
    assert.deepEqual(loaded.catalog.models.get('amazon.nova-2-lite-v1:0')?.price, { inputMicrosPerMillion: 330_000, outputMicrosPerMillion: 2_750_000 });
    const bad = testConfig();
    (bad.models as Record<string, unknown>[])[0].price = { inputPerMillion: '0.1234567', outputPerMillion: '1' };
    assert.match(problemsOf(bad).join('\n'), /models\[0\]\.price\.inputPerMillion: .*at most 6 fractional digits/);
  });

  it('chooses --config, then GEOROUTE_CONFIG, then the bundled demo', () => {
    assert.equal(resolveConfigPath(undefined, {}), BUNDLED_DEMO_CONFIG);
    assert.match(resolveConfigPath(undefined, { GEOROUTE_CONFIG: 'x.yaml' }), /\/x\.yaml$/);
    assert.match(resolveConfigPath('y.yaml', { GEOROUTE_CONFIG: 'x.yaml' }), /\/y\.yaml$/);
  });

  it('says so when the file is missing', async () => {
    await assert.rejects(loadConfig('/nonexistent/georoute.yaml'), /cannot read the configuration: file not found/);
  });
});

describe('provider endpoint rules', () => {
  const deployment = (patch: Record<string, unknown>) => ({ ...testConfig(), deployments: [{ model: 'amazon.nova-2-lite-v1:0', region: 'eu-central-1', ...patch }] });
  it('lets bedrock default to the regional AWS endpoint, requires one for openai-compatible, forbids one for sim', () => {
    assert.deepEqual(problemsOf(deployment({ provider: 'bedrock' })), []);
    assert.deepEqual(problemsOf(deployment({ provider: 'openai-compatible' })), ['deployments[0].endpoint: required for this provider']);
    assert.deepEqual(problemsOf(deployment({ provider: 'anthropic' })), [], 'anthropic defaults to https://api.anthropic.com');
    assert.match(problemsOf(deployment({ provider: 'sim', endpoint: 'http://127.0.0.1:1/v1' })).join('\n'), /deployments\[0\]\.endpoint: a "sim" deployment starts its own upstream/);
    assert.match(problemsOf(deployment({ provider: 'grpc-magic' })).join('\n'), /deployments\[0\]\.provider: unknown provider "grpc-magic" \(known: anthropic, azure-openai, bedrock, openai-compatible, sim, vertex-gemini\)/);
  });
});
