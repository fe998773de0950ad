import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { ProfileResolver } from '../../src/catalog/profile-resolver.js';
import { residencyBoundary } from '../../src/routing/residency-boundary.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { NOVA_LITE, testConfig } from '../support/test-gateway.js';

const PRO = 'amazon.nova-pro-v1:0';

function catalogWithPartialModel() {
  const config = testConfig({ regions: ['eu-central-1', 'eu-west-1', 'eu-west-2', 'us-east-1'] });
  (config.models as object[]).push({ id: PRO, name: 'Amazon Nova Pro', price: { inputPerMillion: '0.8', outputPerMillion: '3.2' } });
  (config.deployments as object[]).push({ model: PRO, region: 'eu-west-3', provider: 'sim' }, { model: PRO, region: 'eu-north-1', provider: 'sim' });
  return parseConfigText(stringify(config), 't.yaml', { env: {} }).catalog;
}

describe('inference profile derivation', () => {
  it('derives <geo>.<model> for geographies that deploy it, global, and the bare model id', () => {
    const catalog = catalogWithPartialModel();
    const ids = [...catalog.systemProfiles.keys()].sort();
    assert.deepEqual(ids, [
      PRO,
      NOVA_LITE,
      `eu.${PRO}`,
      `eu.${NOVA_LITE}`,
      `europe.${PRO}`,
      `europe.${NOVA_LITE}`,
      `global.${PRO}`,
      `global.${NOVA_LITE}`,
      `us.${NOVA_LITE}`,
    ].sort());
    assert.equal(catalog.systemProfiles.get(`us.${PRO}`), undefined, 'no us profile: the model is not deployed in the US');
  });

  it('gives each profile its scope and pricing tier', () => {
    const catalog = catalogWithPartialModel();
    assert.deepEqual(catalog.systemProfiles.get(NOVA_LITE)?.scope, { kind: 'source-region' });
    assert.equal(catalog.systemProfiles.get(NOVA_LITE)?.type, 'FOUNDATION_MODEL');
    assert.equal(catalog.systemProfiles.get(NOVA_LITE)?.pricingTier, 'in-region');
    assert.deepEqual(catalog.systemProfiles.get(`eu.${NOVA_LITE}`)?.scope, { kind: 'geography', geographyId: 'eu' });
    assert.equal(catalog.systemProfiles.get(`eu.${NOVA_LITE}`)?.pricingTier, 'geographic');
    assert.equal(catalog.systemProfiles.get(`global.${NOVA_LITE}`)?.pricingTier, 'global');
  });

  it('resolves ids and ARNs, and rejects mismatched ARN kinds', () => {
    const resolver = new ProfileResolver(catalogWithPartialModel());
    assert.equal(resolver.resolve(`eu.${NOVA_LITE}`)?.profile.id, `eu.${NOVA_LITE}`);
    assert.equal(resolver.resolve(`arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.${NOVA_LITE}`)?.profile.id, `eu.${NOVA_LITE}`);
    const fm = resolver.resolve(`arn:aws:bedrock:eu-west-1::foundation-model/${NOVA_LITE}`);
    assert.equal(fm?.profile.id, NOVA_LITE);
    assert.equal(fm?.arnRegion, 'eu-west-1');
    assert.equal(resolver.resolve(`arn:aws:bedrock:eu-west-1::foundation-model/eu.${NOVA_LITE}`), undefined);
    assert.equal(resolver.resolve(`arn:aws:bedrock:eu-west-1:1:inference-profile/${NOVA_LITE}`), undefined);
    assert.equal(resolver.resolve('apac.nothing'), undefined);
  });
});

describe('foundation-model ARNs name their region', () => {
  it('refuses a foundation-model ARN of another region than the source region, accepts its own', () => {
    const catalog = catalogWithPartialModel();
    const resolver = new ProfileResolver(catalog);
    const arn = resolver.resolve(`arn:aws:bedrock:eu-west-1::foundation-model/${NOVA_LITE}`);
    assert.ok(arn);
    assert.deepEqual(arn.profile.scope, { kind: 'arn-region', regionId: 'eu-west-1' }, 'the ARN rule is part of the profile scope');
    assert.equal(resolver.resolve(`arn:aws:bedrock:eu-west-1::foundation-model/${NOVA_LITE}`)?.profile, arn.profile, 'made once per region');
    assert.deepEqual(residencyBoundary(catalog, arn.profile, 'eu-west-1'), ['eu-west-1']);
    assert.throws(() => residencyBoundary(catalog, arn.profile, 'eu-central-1'), /names region eu-west-1, but this request's source region is eu-central-1/);
    const profileArn = resolver.resolve(`arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.${NOVA_LITE}`);
    assert.ok(profileArn);
    assert.ok(residencyBoundary(catalog, profileArn.profile, 'eu-central-1').length > 1, 'a cross-region profile ARN is not pinned to its region');
  });
});
