import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { parseConfigText } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/config/config-error.js';
import { residencyBoundary } from '../../../src/routing/residency-boundary.js';
import { GeorouteError } from '../../../src/errors/error-catalog.js';
import { NOVA_LITE, testConfig } from '../../support/test-gateway.js';

const ENV = { AZ_KEY: 'k' };
const azure = (extra: Record<string, unknown>) => ({
  id: 'azure-eu', model: NOVA_LITE, region: 'eu-west-1', provider: 'azure-openai', endpoint: 'https://res.openai.azure.com', upstreamModel: 'gpt-4o',
  credentials: { apiKeyEnv: 'AZ_KEY' }, ...extra,
});

function load(deployment: Record<string, unknown>) {
  return parseConfigText(stringify(testConfig({ regions: ['eu-central-1'], extraDeployments: [deployment] })), 'test.yaml', { env: ENV });
}

function problems(deployment: Record<string, unknown>): string[] {
  try {
    load(deployment);
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return [...error.problems];
  }
}

describe('azure-openai deployment types at config load', () => {
  it('a Standard deployment processes in its region: nothing to declare', () => {
    const { catalog } = load(azure({ azure: { deploymentType: 'standard' } }));
    assert.deepEqual(catalog.deployments.find((d) => d.id === 'azure-eu')?.processingRegionIds, ['eu-west-1']);
  });

  it('refuses a Data Zone deployment without its zone regions, naming the path', () => {
    const [problem] = problems(azure({ azure: { deploymentType: 'data-zone' } }));
    assert.match(problem ?? '', /^deployments\[1\]\.azure\.deploymentType: "data-zone" is an Azure OpenAI Data Zone deployment: .*declare processingRegions/);
  });

  it('a Data Zone deployment with its zone declared is a candidate exactly where the whole zone is inside', () => {
    const { catalog } = load(azure({ azure: { deploymentType: 'data-zone' }, processingRegions: ['eu-west-1', 'eu-central-1', 'eu-north-1'] }));
    const eu = catalog.systemProfiles.get(`eu.${NOVA_LITE}`);
    assert.ok(eu);
    assert.ok(residencyBoundary(catalog, eu, 'eu-west-1').includes('eu-north-1'), 'the zone lies inside the EU boundary');
  });

  it('refuses a Global deployment that declares nothing, and takes [] as "unknown": only an unrestricted global profile', () => {
    const [problem] = problems(azure({ azure: { deploymentType: 'global' } }));
    assert.match(problem ?? '', /deployments\[1\]\.azure\.deploymentType: "global" is an Azure OpenAI Global deployment: .*or processingRegions: \[\] to say it is unknown/);
    const { catalog } = load(azure({ azure: { deploymentType: 'global' }, processingRegions: [] }));
    const global = catalog.systemProfiles.get(`global.${NOVA_LITE}`);
    const eu = catalog.systemProfiles.get(`eu.${NOVA_LITE}`);
    assert.ok(global && eu);
    const onlyGlobalModel = { ...catalog, deploymentsByModel: new Map([[NOVA_LITE, catalog.deployments.filter((d) => d.id === 'azure-eu')]]) };
    assert.deepEqual(residencyBoundary(onlyGlobalModel, global, 'eu-west-1'), ['eu-west-1']);
    assert.throws(() => residencyBoundary(onlyGlobalModel, eu, 'eu-west-1'), (error: unknown) => error instanceof GeorouteError && error.code === 'no_region_in_boundary');
    assert.throws(() => residencyBoundary(onlyGlobalModel, global, 'eu-west-1', { allowedGeographies: ['eu'] }), (error: unknown) => error instanceof GeorouteError && error.code === 'no_region_in_boundary', 'an identity limited to the EU narrows global');
  });

  it('refuses an empty processing set on a Standard deployment, and azure settings on another provider', () => {
    assert.match(problems(azure({ processingRegions: [] })).join('\n'), /deployments\[1\]\.processingRegions: an empty \(unknown\) processing set is only for an upstream that may process anywhere/);
    assert.match(problems({ model: NOVA_LITE, region: 'eu-west-1', provider: 'sim', azure: { deploymentType: 'standard' } }).join('\n'), /deployments\[1\]\.azure: only for provider "azure-openai"/);
    assert.match(problems(azure({ azure: { apiVersion: 'latest' } })).join('\n'), /deployments\[1\]\.azure\.apiVersion/);
  });
});
