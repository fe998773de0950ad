import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { openSqliteAuditStore, sqliteAuditStorePath } from '../../src/audit/sqlite-audit-store.js';
import { buildAuditRecord } from '../../src/audit/build-audit-record.js';
import { queryAuditRecords, iterateAuditRecords } from '../../src/audit/query-audit-records.js';
import { writeAuditExport } from '../../src/audit/export-audit-records.js';
import type { AuditStore } from '../../src/audit/audit-store-contract.js';
import { makeOutcome, scratchDir } from './audit-test-fixtures.js';

describe('queryAuditRecords', () => {
  const scratch = scratchDir();
  let stores: AuditStore[];
  before(async () => {
    stores = ['eu-west-1', 'eu-central-1'].map((region) => openSqliteAuditStore({ path: sqliteAuditStorePath(scratch.dir, region), region }));
    await stores[1].append(Array.from({ length: 5 }, (_, i) =>
      buildAuditRecord(makeOutcome({ requestId: `c${i}`, eventTime: `2025-03-0${i + 1}T00:00:00Z`, inferenceRegionId: i % 2 ? 'eu-west-3' : 'eu-central-1' }))));
    await stores[0].append(Array.from({ length: 3 }, (_, i) =>
      buildAuditRecord(makeOutcome({ requestId: `w${i}`, sourceRegionId: 'eu-west-1', eventTime: `2025-03-0${i + 1}T00:00:00Z` }))));
  });
  after(async () => {
    for (const s of stores) await s.close();
    scratch.cleanup();
  });

  it('pages through every store in region order with a cursor', async () => {
    const seen: string[] = [];
    const cursors: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryAuditRecords(stores, {}, { limit: 3, cursor });
      seen.push(...page.records.map((r) => r.record.requestID));
      cursor = page.nextCursor;
      if (cursor) cursors.push(cursor);
    } while (cursor);
    assert.deepEqual(seen, ['c0', 'c1', 'c2', 'c3', 'c4', 'w0', 'w1', 'w2']);
    assert.deepEqual(cursors, ['eu-central-1:3', 'eu-west-1:1']);
  });

  it('has no cursor when the page holds the last record exactly', async () => {
    const page = await queryAuditRecords(stores, { region: 'eu-west-1' }, { limit: 3 });
    assert.equal(page.records.length, 3);
    assert.equal(page.nextCursor, undefined);
  });

  it('filters by region, time range (from inclusive, to exclusive, any ISO-8601 form) and inference region', async () => {
    const ids = async (filters: Parameters<typeof queryAuditRecords>[1]) =>
      (await queryAuditRecords(stores, filters, { limit: 100 })).records.map((r) => r.record.requestID);
    assert.deepEqual(await ids({ region: 'eu-central-1', from: '2025-03-02', to: '2025-03-04T00:00:00+00:00' }), ['c1', 'c2']);
    assert.deepEqual(await ids({ inferenceRegion: 'eu-west-3' }), ['c1', 'c3']);
    assert.deepEqual(await ids({ region: 'us-east-1' }), []);
    await assert.rejects(queryAuditRecords(stores, { from: 'yesterday' }, { limit: 1 }), /not an ISO-8601 time/);
    await assert.rejects(queryAuditRecords(stores, {}, { limit: 1, cursor: 'nonsense' }), /not a cursor/);
  });

  it('iterates all matching records and exports them as CloudTrail JSON and JSON lines', async () => {
    const all = [];
    for await (const r of iterateAuditRecords(stores, { outcome: 'success' }, 2)) all.push(r.record.requestID);
    assert.equal(all.length, 8);

    const collect = async (format: 'cloudtrail' | 'jsonl') => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      const count = await writeAuditExport(iterateAuditRecords(stores, { region: 'eu-west-1' }), format, out);
      return { count, text: Buffer.concat(chunks).toString('utf8') };
    };
    const cloudtrail = await collect('cloudtrail');
    assert.equal(cloudtrail.count, 3);
    const parsed = JSON.parse(cloudtrail.text) as { Records: { requestID: string; awsRegion: string }[] };
    assert.deepEqual(parsed.Records.map((r) => r.requestID), ['w0', 'w1', 'w2']);
    const lines = (await collect('jsonl')).text.trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { requestID: string }).requestID), ['w0', 'w1', 'w2']);

    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    await writeAuditExport(iterateAuditRecords(stores, { region: 'eu-west-1', from: '2030-01-01' }), 'cloudtrail', out);
    assert.deepEqual(JSON.parse(text), { Records: [] });
  });
});
