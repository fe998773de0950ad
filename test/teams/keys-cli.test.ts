import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, writeConfigFile } from '../support/gateway-process.js';
import { NOVA_LITE, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { chat, eventually, startEarlyInAMinute, teamsConfig, teamsEnv } from './teams-test-kit.js';

describe('georoute keys and teams on the state store, beside a running gateway', () => {
  let gateway: TestGateway;
  let config: string;
  const env = teamsEnv();
  before(async () => {
    const settings = teamsConfig();
    gateway = await startTestGateway(settings, { env });
    config = writeConfigFile(gateway.dataDir, { ...settings, server: { ...(settings.server as object), dataDir: gateway.dataDir } });
  });
  after(() => gateway.close());
  const cli = (...args: string[]) => runCli([...args, '--config', config], env);

  it('creates a key the running gateway accepts, then updates, rotates and revokes it', async () => {
    const created = await cli('keys', 'create', '--name', 'from the cli', '--team', 'ops', '--tags', 'env=prod,owner=alice', '--rpm', '100', '--format', 'json');
    assert.equal(created.code, 0, created.stderr);
    const issued = JSON.parse(created.stdout) as { key: { id: string; tags: Record<string, string>; limits: { requestsPerMinute: number } }; apiKey: string };
    assert.deepEqual(issued.key.tags, { env: 'prod', owner: 'alice' });
    assert.equal(issued.key.limits.requestsPerMinute, 100);
    await eventually(async () => (await chat(gateway.url, issued.apiKey, NOVA_LITE)).status === 200, 'the gateway to pick up the key');

    const listed = await cli('keys', 'list', '--team', 'ops');
    assert.equal(listed.code, 0);
    assert.match(listed.stdout, new RegExp(`${issued.key.id}\\s+api-key\\s+from the cli\\s+ops\\s+grk_`));
    assert.equal(listed.stdout.includes(issued.apiKey), false);

    const updated = await cli('keys', 'update', issued.key.id, '--name', 'renamed', '--format', 'json');
    assert.equal(updated.code, 0, updated.stderr);
    assert.match(updated.stdout, /"name": "renamed"/);

    const rotated = await cli('keys', 'rotate', issued.key.id, '--format', 'json');
    const secret = (JSON.parse(rotated.stdout) as { apiKey: string }).apiKey;
    await eventually(async () => (await chat(gateway.url, issued.apiKey, NOVA_LITE)).status === 401, 'the old secret refused');
    assert.equal((await chat(gateway.url, secret, NOVA_LITE)).status, 200);

    assert.equal((await cli('keys', 'revoke', issued.key.id)).code, 0);
    await eventually(async () => (await chat(gateway.url, secret, NOVA_LITE)).status === 401, 'the revoked key refused');
    const again = await cli('keys', 'revoke', issued.key.id);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /No active managed key/);
  });

  it('sets team limits and shows use against every limit with spend --limits', async () => {
    // tokensPerMinute is the current minute's use, and each CLI call takes about a second: the request must not fall in
    // the minute before the report is read, or the report can never show it.
    await startEarlyInAMinute(30_000);
    const set = await cli('teams', 'set-limits', 'ops', '--tpm', '50000', '--spend-per-month', '12.50', '--currency', 'USD');
    assert.equal(set.code, 0, set.stderr);
    const created = await cli('keys', 'create', '--name', 'ops-2', '--team', 'ops', '--format', 'json');
    const { apiKey } = JSON.parse(created.stdout) as { apiKey: string };
    await eventually(async () => (await chat(gateway.url, apiKey, NOVA_LITE)).status === 200, 'a request of the team');
    let report: { subjects: Array<{ subject: string; limits: Array<{ limit: string; used: string; max: string }> }> } | undefined;
    await eventually(async () => {
      const spend = await cli('spend', '--limits', '--format', 'json');
      report = JSON.parse(spend.stdout) as typeof report;
      return Number(report?.subjects.find((s) => s.subject === 'team:ops')?.limits.find((l) => l.limit === 'tokensPerMinute')?.used) > 0;
    }, 'the team\'s tokens in the report');
    const month = report?.subjects.find((s) => s.subject === 'team:ops')?.limits.find((l) => l.limit === 'spendPerMonth');
    assert.equal(month?.max, '12.500000');
    const table = await cli('spend', '--limits');
    assert.match(table.stdout, /team "ops"\s+tokensPerMinute\s+\d+\s+50000/);
    const teams = await cli('teams', 'list');
    assert.match(teams.stdout, /ops\s+-\s+50000\s+-\s+12\.500000\s+USD/);
  });

  it('exits non-zero with one clear line for a bad option', async () => {
    const bad = await cli('keys', 'create', '--name', 'x', '--source-regions', 'mars-1');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /unknown region "mars-1"/);
  });
});
