import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildAuditRecord } from '../../src/audit/build-audit-record.js';
import { computeCost } from '../../src/billing/compute-cost.js';
import { canonicalJson } from '../../src/audit/canonical-json.js';
import type { RequestOutcome } from '../../src/pipeline/request-outcome.js';
import { appProfile, euProfile, globalProfile, makeCatalog, makeOutcome } from './audit-test-fixtures.js';

const catalog = makeCatalog();
const costOf = (o: RequestOutcome) =>
  computeCost({ catalog, discounts: { global: '10' }, profile: o.profile!, sourceRegionId: o.sourceRegionId, usage: o.usage ?? { inputTokens: 0, outputTokens: 0 } });

describe('buildAuditRecord', () => {
  it('writes a CloudTrail-shaped record for a successful request', () => {
    const outcome = makeOutcome({ requestId: 'req-ok' });
    const record = buildAuditRecord(outcome, costOf(outcome), { eventId: '00000000-0000-4000-8000-000000000001' });
    assert.deepEqual(record, {
      eventVersion: '1.09',
      eventID: '00000000-0000-4000-8000-000000000001',
      eventTime: '2025-03-01T10:00:00.000Z',
      eventSource: 'georoute',
      eventName: 'Converse',
      eventType: 'AwsApiCall',
      awsRegion: 'eu-central-1',
      sourceIPAddress: '198.51.100.7',
      userAgent: 'aws-sdk-js/3.0 test',
      userIdentity: { type: 'api-key', principalId: 'team-search' },
      requestID: 'req-ok',
      requestParameters: { modelId: euProfile.id },
      responseElements: null,
      additionalEventData: {
        inferenceRegion: 'eu-central-1',
        boundary: ['eu-central-1', 'eu-west-1', 'eu-west-3'],
        profileId: euProfile.id,
        profileType: 'SYSTEM_DEFINED',
        resolvedModelId: 'amazon.nova-lite-v1:0',
        deploymentId: 'nova-lite@eu-central-1',
        attempts: [{ region: 'eu-central-1', deployment: 'nova-lite@eu-central-1', outcome: 'success', status: 200, durationMs: 120 }],
        inputTokens: 1000,
        outputTokens: 500,
        cost: { micros: 216, picos: '216000000', currency: 'USD', pricingTier: 'geographic', discountBasisPoints: 0 },
        tags: {},
        stream: false,
        status: 200,
        outcome: 'success',
        surface: 'bedrock',
        durationMs: 130,
      },
    });
    assert.match(buildAuditRecord(outcome).eventID, /^[0-9a-f-]{36}$/);
  });

  it('records spillover: the source region stays awsRegion, inferenceRegion names where it ran, cost at the source price', () => {
    const outcome = makeOutcome({
      profile: globalProfile,
      requestedModelId: `arn:aws:bedrock:eu-central-1:123456789012:inference-profile/${globalProfile.id}`,
      inferenceRegionId: 'eu-west-3',
      deploymentId: 'nova-lite@eu-west-3',
      attempts: [
        { regionId: 'eu-central-1', deploymentId: 'nova-lite@eu-central-1', outcome: 'throttled', status: 429, durationMs: 12.4 },
        { regionId: 'eu-west-3', deploymentId: 'nova-lite@eu-west-3', outcome: 'success', status: 200, durationMs: 101.6 },
      ],
    });
    const record = buildAuditRecord(outcome, costOf(outcome));
    assert.equal(record.awsRegion, 'eu-central-1');
    assert.equal(record.requestParameters.modelId, outcome.requestedModelId);
    const data = record.additionalEventData;
    assert.equal(data.inferenceRegion, 'eu-west-3');
    assert.deepEqual(data.attempts.map((a) => [a.region, a.outcome, a.status, a.durationMs]), [
      ['eu-central-1', 'throttled', 429, 12],
      ['eu-west-3', 'success', 200, 102],
    ]);
    assert.deepEqual(data.cost, { micros: 194, picos: '194400000', currency: 'USD', pricingTier: 'global', discountBasisPoints: 1000 });
  });

  it('records a failure with errorCode and errorMessage, and no inference region when nothing ran', () => {
    const outcome = makeOutcome({
      inferenceRegionId: undefined,
      usage: undefined,
      status: 429,
      error: { code: 'no_capacity', message: 'No region of the boundary has capacity; retry after 2 s.' },
      attempts: [{ regionId: 'eu-central-1', deploymentId: 'nova-lite@eu-central-1', outcome: 'throttled', status: 429, durationMs: 8 }],
    });
    const record = buildAuditRecord(outcome, costOf(outcome));
    assert.equal(record.errorCode, 'no_capacity');
    assert.equal(record.errorMessage, 'No region of the boundary has capacity; retry after 2 s.');
    assert.equal(record.additionalEventData.outcome, 'failure');
    assert.equal(record.additionalEventData.status, 429);
    assert.equal('inferenceRegion' in record.additionalEventData, false);
    assert.equal(record.additionalEventData.inputTokens, 0);
    assert.equal(record.additionalEventData.cost?.micros, 0);
  });

  it('records a failure before the profile resolved without profile fields or cost', () => {
    const outcome = makeOutcome({ profile: undefined, boundary: undefined, inferenceRegionId: undefined, usage: undefined, status: 404, error: { code: 'profile_not_found', message: 'No inference profile x.' } });
    const record = buildAuditRecord(outcome);
    for (const field of ['profileId', 'profileType', 'resolvedModelId', 'cost', 'boundary', 'deploymentId']) {
      assert.equal(field in record.additionalEventData, false, field);
    }
    assert.deepEqual(record.additionalEventData.tags, {});
  });

  it('records a streamed request that broke mid-way as a failure with the tokens produced, billed', () => {
    const outcome = makeOutcome({
      eventName: 'ConverseStream',
      stream: true,
      status: 200,
      usage: { inputTokens: 1000, outputTokens: 37 },
      error: { code: 'stream_interrupted', message: 'The upstream stream broke after it started.' },
    });
    const record = buildAuditRecord(outcome, costOf(outcome));
    assert.equal(record.eventName, 'ConverseStream');
    assert.equal(record.additionalEventData.stream, true);
    assert.equal(record.additionalEventData.status, 200);
    assert.equal(record.additionalEventData.outcome, 'failure');
    assert.equal(record.errorCode, 'stream_interrupted');
    assert.equal(record.additionalEventData.outputTokens, 37);
    assert.equal(record.additionalEventData.cost?.picos, '82656000'); // 1000 x 72 000 + 37 x 288 000
  });

  it('identifies SigV4 callers by access key id and carries application-profile tags', () => {
    const outcome = makeOutcome({ identity: { type: 'access-key', id: 'AKIAEXAMPLE1234567', admin: false }, profile: appProfile });
    const record = buildAuditRecord(outcome, costOf(outcome));
    assert.deepEqual(record.userIdentity, { type: 'access-key', principalId: 'AKIAEXAMPLE1234567', accessKeyId: 'AKIAEXAMPLE1234567' });
    assert.deepEqual(record.additionalEventData.tags, { team: 'search', env: 'prod' });
    assert.equal(record.additionalEventData.profileType, 'APPLICATION');
  });

  it('carries no text but the metadata of the outcome: every string in the record comes from a known field', () => {
    const outcome = makeOutcome({
      profile: appProfile,
      error: { code: 'upstream_rejected', message: 'The upstream refused the request.' },
      status: 424,
    });
    const record = buildAuditRecord(outcome, costOf(outcome), { eventId: 'evt-1' });
    const allowed = new Set<string>([
      'evt-1', '1.09', 'georoute', 'AwsApiCall', '2025-03-01T10:00:00.000Z',
      outcome.requestId, outcome.eventName, outcome.surface, outcome.sourceRegionId, outcome.sourceIpAddress, outcome.userAgent,
      outcome.identity.type, outcome.identity.id, outcome.requestedModelId, outcome.inferenceRegionId!, outcome.deploymentId!,
      ...outcome.boundary!, appProfile.id, appProfile.type, appProfile.modelId, ...Object.values(appProfile.tags),
      ...outcome.attempts.flatMap((a) => [a.regionId, a.deploymentId, a.outcome]),
      outcome.error!.code, outcome.error!.message, 'failure', 'USD', appProfile.pricingTier, costOf(outcome).picos,
    ]);
    const strings: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(record);
    for (const text of strings) assert.ok(allowed.has(text), `unexpected text in the audit record: ${text}`);
    // and the keys are the documented ones: nothing like messages, prompt, content, output or body
    assert.doesNotMatch(canonicalJson(record), /"(messages|prompt|content|completion|output|body|system|text)":/);
  });

  it('caps an error message at 512 characters', () => {
    const outcome = makeOutcome({ status: 500, error: { code: 'internal', message: 'x'.repeat(2000) } });
    assert.equal(buildAuditRecord(outcome).errorMessage?.length, 512);
  });
});
