import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorizeProfile, profileGeography } from '../../src/auth/authorize-profile.js';
import { anonymousIdentity, type Identity } from '../../src/auth/identity.js';
import type { InferenceProfile, ProfileScope } from '../../src/catalog/catalog-types.js';

function profile(id: string, scope: ProfileScope, extra: Partial<InferenceProfile> = {}): InferenceProfile {
  return {
    id,
    name: id,
    description: '',
    type: 'SYSTEM_DEFINED',
    modelId: 'amazon.nova-2-lite-v1:0',
    scope,
    pricingTier: 'geographic',
    tags: {},
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    ...extra,
  };
}

const euProfile = profile('eu.amazon.nova-2-lite-v1:0', { kind: 'geography', geographyId: 'eu' });
const globalProfile = profile('global.amazon.nova-2-lite-v1:0', { kind: 'geography', geographyId: 'global' });
const bareModel = profile('amazon.nova-2-lite-v1:0', { kind: 'source-region' }, { type: 'FOUNDATION_MODEL' });
const appFromEu = profile('app-7f3a9c', { kind: 'geography', geographyId: 'eu' }, { type: 'APPLICATION', copiedFrom: euProfile.id });
const appFromRegion = profile('app-1b2c3d', { kind: 'regions', regionIds: ['eu-west-1'] }, {
  type: 'APPLICATION',
  copiedFrom: bareModel.id,
});

function identity(extra: Partial<Identity>): Identity {
  return { type: 'api-key', id: 'k', admin: false, ...extra };
}

const denied = { code: 'access_denied' };

describe('authorizeProfile', () => {
  it('maps each scope to the geography name allowedGeographies uses', () => {
    assert.equal(profileGeography(euProfile.scope), 'eu');
    assert.equal(profileGeography(bareModel.scope), 'in-region');
    assert.equal(profileGeography(appFromRegion.scope), 'in-region');
  });

  it('allows everything for an identity without restrictions', () => {
    for (const p of [euProfile, globalProfile, bareModel, appFromEu, appFromRegion]) {
      authorizeProfile(anonymousIdentity, p);
      authorizeProfile(identity({}), p);
    }
  });

  it('restricts by geography: eu and in-region only', () => {
    const euOnly = identity({ allowedGeographies: ['eu', 'in-region'] });
    authorizeProfile(euOnly, euProfile);
    authorizeProfile(euOnly, bareModel);
    authorizeProfile(euOnly, appFromEu);
    authorizeProfile(euOnly, appFromRegion);
    assert.throws(() => authorizeProfile(euOnly, globalProfile), denied);
    const geoOnly = identity({ allowedGeographies: ['eu'] });
    assert.throws(() => authorizeProfile(geoOnly, bareModel), denied);
    assert.throws(() => authorizeProfile(geoOnly, appFromRegion), denied);
    assert.throws(() => authorizeProfile(identity({ allowedGeographies: [] }), euProfile), denied);
  });

  it('restricts by profile id; application profiles also pass on the id they were copied from', () => {
    const one = identity({ allowedProfiles: [euProfile.id] });
    authorizeProfile(one, euProfile);
    authorizeProfile(one, appFromEu);
    assert.throws(() => authorizeProfile(one, globalProfile), denied);
    assert.throws(() => authorizeProfile(one, bareModel), denied);
    assert.throws(() => authorizeProfile(one, appFromRegion), denied);
    authorizeProfile(identity({ allowedProfiles: [appFromRegion.id] }), appFromRegion);
    authorizeProfile(identity({ allowedProfiles: [bareModel.id] }), appFromRegion);
    // copiedFrom only counts for application profiles.
    const systemWithSource = profile('eu.other', { kind: 'geography', geographyId: 'eu' }, { copiedFrom: euProfile.id });
    assert.throws(() => authorizeProfile(one, systemWithSource), denied);
    assert.throws(() => authorizeProfile(identity({ allowedProfiles: [] }), euProfile), denied);
  });

  it('needs both lists to pass when both are set', () => {
    const both = identity({ allowedProfiles: [globalProfile.id, euProfile.id], allowedGeographies: ['eu'] });
    authorizeProfile(both, euProfile);
    assert.throws(() => authorizeProfile(both, globalProfile), denied);
    const appOk = identity({ allowedProfiles: [appFromRegion.id], allowedGeographies: ['eu'] });
    assert.throws(() => authorizeProfile(appOk, appFromRegion), denied);
  });

  it('names the profile, never the identity settings, in the error', () => {
    assert.throws(() => authorizeProfile(identity({ allowedProfiles: ['x'] }), euProfile), (error: Error) =>
      error.message.includes(euProfile.id) && !error.message.includes('"x"'));
  });
});
