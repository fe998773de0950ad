/** Pure parts of the control plane: model sources, create-request validation and fingerprints, page tokens. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { parseConfigText } from '../../src/config/load-config.js';
import { resolveModelSource } from '../../src/api/bedrock/control-plane/resolve-model-source.js';
import { createRequestFingerprint, parseCreateInferenceProfileRequest } from '../../src/api/bedrock/control-plane/create-inference-profile-request.js';
import { decodePageToken, encodePageToken } from '../../src/api/bedrock/control-plane/list-inference-profiles-handler.js';
import { summarizeInferenceProfile } from '../../src/api/bedrock/control-plane/inference-profile-summary.js';
import { NOVA_LITE, testConfig } from '../support/test-gateway.js';

const { catalog } = parseConfigText(stringify(testConfig({ regions: ['eu-central-1', 'eu-west-3', 'us-east-1'] })), 'translators.yaml');

describe('resolveModelSource', () => {
  it('pins a foundation-model ARN to its region at in-region pricing', () => {
    assert.deepEqual(resolveModelSource(catalog, `arn:aws:bedrock:eu-west-3::foundation-model/${NOVA_LITE}`), {
      modelId: NOVA_LITE,
      scope: { kind: 'regions', regionIds: ['eu-west-3'] },
      pricingTier: 'in-region',
      copiedFrom: NOVA_LITE,
    });
  });

  it('copies the scope and tier of a system profile', () => {
    const source = resolveModelSource(catalog, `arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.${NOVA_LITE}`);
    assert.deepEqual(source, { modelId: NOVA_LITE, scope: { kind: 'geography', geographyId: 'global' }, pricingTier: 'global', copiedFrom: `global.${NOVA_LITE}` });
  });

  it('refuses what Bedrock refuses', () => {
    const cases: Array<[string, string]> = [
      [`arn:aws:bedrock:eu-west-1::foundation-model/${NOVA_LITE}`, 'invalid_request'],
      [`arn:aws:bedrock:mars-1::foundation-model/${NOVA_LITE}`, 'invalid_request'],
      [`arn:aws:bedrock:::foundation-model/${NOVA_LITE}`, 'invalid_request'],
      ['arn:aws:bedrock:eu-west-3::foundation-model/no.such-model', 'profile_not_found'],
      [`arn:aws:bedrock:eu-west-3:000000000000:inference-profile/${NOVA_LITE}`, 'profile_not_found'],
      ['arn:aws:bedrock:eu-west-3:000000000000:application-inference-profile/abcdefabcdef', 'invalid_request'],
      [`eu.${NOVA_LITE}`, 'invalid_request'],
    ];
    for (const [copyFrom, code] of cases) assert.throws(() => resolveModelSource(catalog, copyFrom), { code }, copyFrom);
  });
});

describe('CreateInferenceProfile request', () => {
  const base = { inferenceProfileName: 'a_b-c d9', modelSource: { copyFrom: 'x' } };

  it('accepts Bedrock names and refuses the rest, naming the field', () => {
    assert.equal(parseCreateInferenceProfileRequest(base).inferenceProfileName, 'a_b-c d9');
    for (const name of ['', '-lead', 'a__b', 'a  b', 'é', 'x'.repeat(65)]) {
      assert.throws(() => parseCreateInferenceProfileRequest({ ...base, inferenceProfileName: name }), { code: 'invalid_request', param: 'inferenceProfileName' }, name);
    }
    assert.throws(() => parseCreateInferenceProfileRequest({ inferenceProfileName: 'ok' }), { param: 'modelSource' });
    assert.throws(() => parseCreateInferenceProfileRequest({ ...base, description: 'd'.repeat(201) }), { param: 'description' });
  });

  it('fingerprints meaning, not member or tag order, and not the token', () => {
    const a = parseCreateInferenceProfileRequest({ ...base, clientRequestToken: 't1', tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] });
    const b = parseCreateInferenceProfileRequest({ tags: [{ key: 'b', value: '2' }, { key: 'a', value: '1' }], clientRequestToken: 't2', ...base });
    const c = parseCreateInferenceProfileRequest({ ...base, tags: [{ key: 'a', value: '1' }, { key: 'b', value: '3' }] });
    assert.equal(createRequestFingerprint(a), createRequestFingerprint(b));
    assert.notEqual(createRequestFingerprint(a), createRequestFingerprint(c));
  });
});

describe('list page tokens and summaries', () => {
  it('round-trips a cursor and refuses it for another type or when tampered with', () => {
    const token = encodePageToken({ type: 'SYSTEM_DEFINED', after: `eu.${NOVA_LITE}` });
    assert.deepEqual(decodePageToken(token, 'SYSTEM_DEFINED'), { type: 'SYSTEM_DEFINED', after: `eu.${NOVA_LITE}` });
    assert.throws(() => decodePageToken(token, 'APPLICATION'), { code: 'invalid_request', param: 'nextToken' });
    assert.throws(() => decodePageToken('%%%', 'SYSTEM_DEFINED'), { code: 'invalid_request' });
    assert.throws(() => decodePageToken(Buffer.from('[1]').toString('base64url'), 'SYSTEM_DEFINED'), { code: 'invalid_request' });
  });

  it('shows a profile whose boundary is empty from this source region with no models', () => {
    const us = catalog.systemProfiles.get(`us.${NOVA_LITE}`);
    assert.ok(us);
    const pinned = { ...us, scope: { kind: 'regions' as const, regionIds: ['us-west-2'] } };
    assert.deepEqual(summarizeInferenceProfile(catalog, pinned, 'eu-central-1').models, []);
    assert.deepEqual(summarizeInferenceProfile(catalog, us, 'eu-central-1').models.map((m) => m.modelArn), [
      `arn:aws:bedrock:eu-central-1::foundation-model/${NOVA_LITE}`,
      `arn:aws:bedrock:us-east-1::foundation-model/${NOVA_LITE}`,
    ]);
  });
});
