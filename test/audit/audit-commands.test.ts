import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CommandContext, CommandSpec, OptionValues } from '../../src/cli/command-contract.js';
import type { LoadedConfig } from '../../src/config/loaded-config.js';
import { configSchema } from '../../src/config/config-schema.js';
import { createAuditTrail } from '../../src/audit/audit-trail.js';
import { sqliteAuditStorePath } from '../../src/audit/sqlite-audit-store.js';
import { auditQueryCommand } from '../../src/cli/commands/audit-query-command.js';
import { auditVerifyCommand } from '../../src/cli/commands/audit-verify-command.js';
import { auditExportCommand } from '../../src/cli/commands/audit-export-command.js';
import { reportResidencyCommand } from '../../src/cli/commands/report-residency-command.js';
import { spendCommand } from '../../src/cli/commands/spend-command.js';
import { appProfile, globalProfile, makeCatalog, makeOutcome, makeProfile, scratchDir } from './audit-test-fixtures.js';

const KEY_ENV = 'GEOROUTE_TEST_COMMANDS_AUDIT_KEY';

function loadedConfig(dataDir: string): LoadedConfig {
  const config = configSchema.parse({
    server: { defaultSourceRegion: 'eu-central-1', dataDir },
    auth: 'none',
    audit: { checkpoint: { keyEnv: KEY_ENV, everyRecords: 2 } },
    pricing: { discounts: { global: '10' } },
    regions: [{ id: 'eu-central-1', name: 'Frankfurt', country: 'DE', latitude: 50.1, longitude: 8.7 }],
    models: [{ id: 'amazon.nova-lite-v1:0', name: 'Nova Lite', price: { inputPerMillion: '0.06', outputPerMillion: '0.24' } }],
    deployments: [{ model: 'amazon.nova-lite-v1:0', region: 'eu-central-1', provider: 'sim' }],
  });
  return { config, catalog: makeCatalog(), path: join(dataDir, 'georoute.yaml'), isBundledDemo: false, dataDir };
}

async function run(spec: CommandSpec, dataDir: string, options: OptionValues) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const defaults = Object.fromEntries(spec.options.filter((o) => o.default !== undefined).map((o) => [o.name, o.default]));
  const context: CommandContext = {
    options: { ...defaults, ...options },
    positionals: [],
    stdout,
    stderr,
    loadConfig: async () => loadedConfig(dataDir),
    stopSignal: new AbortController().signal,
  };
  const code = await spec.run(context);
  await new Promise((resolve) => setImmediate(resolve));
  return { code, out, err };
}

describe('audit, report and spend commands', () => {
  const scratch = scratchDir();
  const dir = scratch.dir;
  const ads = makeProfile('app-ads', { type: 'APPLICATION', tags: { team: 'ads' } });
  before(async () => {
    process.env[KEY_ENV] = 'commands-test-key';
    const loaded = loadedConfig(dir);
    const trail = createAuditTrail({ dataDir: dir, config: loaded.config.audit, catalog: loaded.catalog, discounts: loaded.config.pricing.discounts, env: process.env });
    await trail.record(makeOutcome({ requestId: 'r1', eventTime: '2025-03-01T10:00:00Z' }));
    await trail.record(makeOutcome({ requestId: 'r2', eventTime: '2025-03-02T10:00:00Z', profile: appProfile, inferenceRegionId: 'eu-west-3' }));
    await trail.record(makeOutcome({ requestId: 'r3', eventTime: '2025-03-03T10:00:00Z', profile: ads, identity: { type: 'api-key', id: 'team-ads', admin: false } }));
    await trail.record(makeOutcome({ requestId: 'r4', eventTime: '2025-03-04T10:00:00Z', sourceRegionId: 'eu-west-1', profile: globalProfile, inferenceRegionId: 'eu-central-1' }));
    await trail.record(makeOutcome({ requestId: 'r5', eventTime: '2025-03-05T10:00:00Z', inferenceRegionId: undefined, usage: undefined, status: 429, error: { code: 'no_capacity', message: 'busy' } }));
    await trail.close();
  });
  after(() => {
    delete process.env[KEY_ENV];
    scratch.cleanup();
  });

  it('audit query lists a region as an aligned table, and pages with a cursor', async () => {
    const { code, out, err } = await run(auditQueryCommand, dir, { region: 'eu-central-1', limit: 2 });
    assert.equal(code, 0);
    const lines = out.trimEnd().split('\n');
    assert.match(lines[0], /^REGION\s+SEQ\s+TIME\s+EVENT\s+PROFILE\s+INFERENCE\s+IDENTITY\s+OUTCOME\s+IN\s+OUT\s+COST$/);
    assert.equal(lines.length, 4); // header, rule, two records
    assert.match(lines[2], /^eu-central-1\s+1\s+2025-03-01T10:00:00.000Z\s+Converse\s+eu\.amazon\.nova-lite-v1:0\s+eu-central-1\s+team-search\s+success\s+1000\s+500\s+0\.000216 USD$/);
    assert.equal(lines[2].indexOf('Converse'), lines[0].indexOf('EVENT'));
    assert.equal(err, 'more records: --cursor eu-central-1:2\n');
    const next = await run(auditQueryCommand, dir, { region: 'eu-central-1', cursor: 'eu-central-1:2' });
    assert.equal(next.out.trimEnd().split('\n').length, 4);
    assert.match(next.out, /failure:no_capacity/);
  });

  it('audit query --format json writes one record per line, with filters', async () => {
    const { out } = await run(auditQueryCommand, dir, { region: 'all', format: 'json', 'inference-region': 'eu-central-1' });
    const records = out.trimEnd().split('\n').map((l) => JSON.parse(l) as { requestID: string });
    assert.deepEqual(records.map((r) => r.requestID), ['r1', 'r3', 'r4']);
    const failures = await run(auditQueryCommand, dir, { region: 'eu-central-1', format: 'json', outcome: 'failure' });
    assert.deepEqual(failures.out.trimEnd().split('\n').map((l) => (JSON.parse(l) as { errorCode: string }).errorCode), ['no_capacity']);
    await assert.rejects(run(auditQueryCommand, dir, {}), /--region is required/);
  });

  it('audit verify checks every store, then names the first bad record after tampering', async () => {
    const ok = await run(auditVerifyCommand, dir, {});
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /^eu-central-1 {2}ok \(4 records, \d+ checkpoints, signatures verified\)/m);
    assert.match(ok.out, /^eu-west-1 {2}ok \(1 record,/m);

    const db = new Database(sqliteAuditStorePath(dir, 'eu-central-1'));
    const original = db.prepare<[], { record_json: string }>('SELECT record_json FROM audit_records WHERE sequence = 3').get()!.record_json;
    db.prepare('UPDATE audit_records SET record_json = ? WHERE sequence = 3').run(original.replace('"team-ads"', '"team-search"'));
    try {
      const bad = await run(auditVerifyCommand, dir, {});
      assert.equal(bad.code, 1);
      assert.match(bad.out, /^eu-central-1 {2}FAILED at sequence 3: hash-mismatch/m);
      assert.match(bad.err, /first bad record: eu-central-1 sequence 3 \(hash-mismatch\)/);
      const onlyWest = await run(auditVerifyCommand, dir, { region: 'eu-west-1' });
      assert.equal(onlyWest.code, 0);
      assert.doesNotMatch(onlyWest.out, /eu-central-1/);
    } finally {
      db.prepare('UPDATE audit_records SET record_json = ? WHERE sequence = 3').run(original);
      db.close();
    }
    const key = process.env[KEY_ENV];
    delete process.env[KEY_ENV];
    try {
      await assert.rejects(run(auditVerifyCommand, dir, {}), /GEOROUTE_TEST_COMMANDS_AUDIT_KEY, which is not set/);
    } finally {
      process.env[KEY_ENV] = key;
    }
  });

  it('audit export writes CloudTrail JSON to a file and JSON lines to stdout', async () => {
    const file = join(dir, 'export.json');
    const toFile = await run(auditExportCommand, dir, { out: file, to: '2025-03-03T00:00:00Z' });
    assert.equal(toFile.code, 0);
    assert.equal(toFile.err, `exported 2 records to ${file}\n`);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { Records: { requestID: string; eventSource: string }[] };
    assert.deepEqual(exported.Records.map((r) => r.requestID), ['r1', 'r2']);
    const jsonl = await run(auditExportCommand, dir, { format: 'jsonl', region: 'eu-west-1' });
    assert.deepEqual(jsonl.out.trimEnd().split('\n').map((l) => (JSON.parse(l) as { requestID: string }).requestID), ['r4']);
    await assert.rejects(run(auditExportCommand, dir, { out: file }), /EEXIST/);
  });

  it('report residency renders Markdown and JSON', async () => {
    const markdown = await run(reportResidencyCommand, dir, { from: '2025-03-01T00:00:00Z', to: '2025-04-01T00:00:00Z' });
    assert.equal(markdown.code, 0, markdown.out);
    assert.match(markdown.out, /## Source region eu-central-1/);
    assert.match(markdown.out, /\| app-search-prod \| 1 \| 1 \| eu-west-3: 1 \| 1 \(100\.0 %\) \| 0 \| 0 \| 0 \|/);
    assert.match(markdown.out, /## Source region eu-west-1/);
    const json = await run(reportResidencyCommand, dir, { format: 'json', region: 'eu-west-1' });
    const report = JSON.parse(json.out) as { regions: { region: string; profiles: { profileId: string; spillover: number }[] }[]; totals: { chainsOk: boolean } };
    assert.deepEqual(report.regions.map((r) => r.region), ['eu-west-1']);
    assert.deepEqual(report.regions[0].profiles.map((p) => [p.profileId, p.spillover]), [[globalProfile.id, 1]]);
    assert.equal(report.totals.chainsOk, true);
  });

  it('spend sums cost by tag and by region, as a table and as JSON', async () => {
    const byTag = await run(spendCommand, dir, { by: 'tag:team' });
    assert.equal(byTag.code, 0);
    const lines = byTag.out.trimEnd().split('\n');
    assert.match(lines[0], /^TAG:TEAM\s+REQUESTS\s+INPUT TOKENS\s+CACHE READ\s+CACHE WRITE\s+OUTPUT TOKENS\s+COST\s+CURRENCY$/);
    assert.deepEqual(lines.slice(2).map((l) => l.split(/\s{2,}/)), [
      // r1 (216 micros), r4 (eu-west-1, global profile: 162 micros) and r5 (failed before any token: 0)
      ['(untagged)', '3', '2000', '0', '0', '1000', '0.000378', 'USD'],
      ['ads', '1', '1000', '0', '0', '500', '0.000216', 'USD'],
      ['search', '1', '1000', '0', '0', '500', '0.000216', 'USD'],
      ['TOTAL', '5', '4000', '0', '0', '2000', '0.000810', 'USD'],
    ]);
    const byRegion = await run(spendCommand, dir, { by: 'region', format: 'json', from: '2025-03-02T00:00:00Z' });
    const result = JSON.parse(byRegion.out) as { by: string; rows: { key: string; micros: string; picos: string }[] };
    assert.equal(result.by, 'region');
    // eu-west-1: global profile, model price 0.06/0.24, 10 % off: (60 000 000 + 120 000 000) x 0.9 picos
    assert.deepEqual(result.rows.map((r) => [r.key, r.micros, r.picos]), [['eu-central-1', '432', '432000000'], ['eu-west-1', '162', '162000000']]);
    await assert.rejects(run(spendCommand, dir, { by: 'colour' }), /use region, profile, model, identity or tag:<key>/);
  });
});
