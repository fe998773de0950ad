import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteAuditStore, sqliteAuditStorePath } from '../../src/audit/sqlite-audit-store.js';
import { buildAuditRecord } from '../../src/audit/build-audit-record.js';
import { buildResidencyReport } from '../../src/audit/residency-report.js';
import { renderResidencyReportMarkdown } from '../../src/audit/render-residency-report.js';
import { appProfile, euProfile, makeOutcome, scratchDir } from './audit-test-fixtures.js';

describe('residency report', () => {
  it('counts requests, destinations, spillover and requests outside their recorded boundary, with chain status', async () => {
    const scratch = scratchDir();
    const central = openSqliteAuditStore({ path: sqliteAuditStorePath(scratch.dir, 'eu-central-1'), region: 'eu-central-1' });
    const west = openSqliteAuditStore({ path: sqliteAuditStorePath(scratch.dir, 'eu-west-1'), region: 'eu-west-1' });
    await central.append([
      buildAuditRecord(makeOutcome({ profile: euProfile })),
      buildAuditRecord(makeOutcome({ profile: euProfile, inferenceRegionId: 'eu-west-3' })),
      buildAuditRecord(makeOutcome({ profile: euProfile, inferenceRegionId: 'eu-west-3' })),
      buildAuditRecord(makeOutcome({ profile: euProfile, inferenceRegionId: undefined, status: 429, error: { code: 'no_capacity', message: 'x' } })),
      buildAuditRecord(makeOutcome({ profile: appProfile, requestId: 'bad', inferenceRegionId: 'us-east-1' })),
      buildAuditRecord(makeOutcome({ profile: appProfile, boundary: undefined, inferenceRegionId: 'eu-west-1' })),
      buildAuditRecord(makeOutcome({ profile: euProfile, eventTime: '2024-12-31T23:59:59Z', inferenceRegionId: 'us-east-1' })),
    ]);
    await west.append([buildAuditRecord(makeOutcome({ sourceRegionId: 'eu-west-1' }))]);
    const report = await buildResidencyReport({ stores: [west, central], from: '2025-01-01T00:00:00.000Z', now: new Date('2025-04-01T00:00:00Z') });

    assert.deepEqual(report.regions.map((r) => r.region), ['eu-central-1', 'eu-west-1']);
    const [c] = report.regions;
    assert.equal(c.requests, 6, 'the 2024 record is outside the period');
    const eu = c.profiles.find((p) => p.profileId === euProfile.id)!;
    assert.deepEqual(
      { requests: eu.requests, processed: eu.processed, destinations: eu.destinations, spillover: eu.spillover, outside: eu.outsideBoundary, failures: eu.failures },
      { requests: 4, processed: 3, destinations: { 'eu-central-1': 1, 'eu-west-3': 2 }, spillover: 2, outside: 0, failures: 1 },
    );
    assert.equal(eu.spilloverShare, 2 / 3);
    const app = c.profiles.find((p) => p.profileId === appProfile.id)!;
    assert.equal(app.outsideBoundary, 1);
    assert.equal(app.withoutBoundary, 1);
    assert.equal(c.outsideBoundary, 1);
    assert.deepEqual(c.violations.map((v) => [v.sequence, v.requestID, v.inferenceRegion]), [[5, 'bad', 'us-east-1']]);
    assert.equal(c.verification.ok, true);
    assert.deepEqual(report.totals, { requests: 7, spillover: 4, outsideBoundary: 1, chainsOk: true });

    const markdown = renderResidencyReportMarkdown(report);
    assert.match(markdown, /^# Residency report/);
    assert.match(markdown, /Processed outside their residency boundary: \*\*1\*\*/);
    assert.match(markdown, /\| eu\.amazon\.nova-lite-v1:0 \| 4 \| 3 \| eu-central-1: 1, eu-west-3: 2 \| 2 \(66\.7 %\) \| 0 \| 0 \| 0 \| 1 \|/);
    assert.match(markdown, /sequence 5, request bad at .*: app-search-prod ran in us-east-1 \(outside: us-east-1\), boundary eu-central-1, eu-west-1, eu-west-3/);
    assert.match(markdown, /Chain verification: ok \(7 records, no checkpoints\)/);
    await central.close();
    await west.close();
    scratch.cleanup();
  });

  it('counts a delegated request inside only when its whole candidate set is inside, and reports per identity', async () => {
    const scratch = scratchDir();
    const central = openSqliteAuditStore({ path: sqliteAuditStorePath(scratch.dir, 'eu-central-1'), region: 'eu-central-1' });
    const delegated = (candidates: string[], reported?: string) =>
      makeOutcome({ inferenceRegionId: reported, inferenceRegionCandidates: candidates, deploymentId: 'nova@eu-west-1', identity: { type: 'access-key', id: 'AKIAEXAMPLE', admin: false } });
    await central.append([
      buildAuditRecord(delegated(['eu-central-1', 'eu-west-1'])),
      buildAuditRecord(delegated(['eu-west-1', 'us-east-1'])),
      buildAuditRecord(delegated(['eu-west-1', 'eu-west-3'], 'eu-west-3')),
      buildAuditRecord(makeOutcome({ inferenceRegionId: undefined, status: 403, error: { code: 'access_denied', message: 'x' }, boundary: undefined })),
    ]);
    const report = await buildResidencyReport({ stores: [central], now: new Date('2025-04-01T00:00:00Z') });
    const [c] = report.regions;
    const eu = c.profiles.find((p) => p.profileId === euProfile.id)!;
    assert.equal(eu.delegated, 3);
    assert.equal(eu.outsideBoundary, 1, 'one candidate outside is enough to count it outside');
    assert.deepEqual(eu.destinations, { 'one of eu-central-1, eu-west-1': 1, 'one of eu-west-1, us-east-1': 1, 'eu-west-3': 1 });
    assert.equal(eu.spillover, 1, 'only a region the upstream reported counts as spillover');
    assert.deepEqual(c.violations.map((v) => v.outside), [['us-east-1']]);
    assert.deepEqual(report.identities, [
      { identity: 'access-key:AKIAEXAMPLE', requests: 3, processed: 3, spillover: 1, delegated: 3, outsideBoundary: 1, refused: 0, failures: 0 },
      { identity: 'api-key:team-search', requests: 1, processed: 0, spillover: 0, delegated: 0, outsideBoundary: 0, refused: 1, failures: 1 },
    ]);
    const markdown = renderResidencyReportMarkdown(report);
    assert.match(markdown, /\| access-key:AKIAEXAMPLE \| 3 \| 3 \| 1 \| 3 \| 1 \| 0 \| 0 \|/);
    await central.close();
    scratch.cleanup();
  });
});
