/** The `georoute` command as a user runs it: help for every command, clear one-line errors, exit codes. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { commandList } from '../../src/cli/command-list.js';
import { runCli, writeConfigFile } from '../support/gateway-process.js';
import { testConfig } from '../support/test-gateway.js';

describe('georoute CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'georoute-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every command in its help', async () => {
    const { code, stdout } = await runCli(['--help']);
    assert.equal(code, 0);
    for (const spec of commandList) assert.ok(stdout.includes(spec.name.join(' ')), `help lists ${spec.name.join(' ')}`);
  });

  it('prints generated help for each command, including --config', async () => {
    const results = await Promise.all(commandList.map(async (spec) => ({ spec, ...(await runCli([...spec.name, '--help'])) })));
    for (const { spec, code, stdout } of results) {
      assert.equal(code, 0, spec.name.join(' '));
      assert.match(stdout, new RegExp(`^usage: georoute ${spec.name.join(' ')}`));
      assert.match(stdout, /--config FILE/);
    }
  });

  it('says what is wrong in one line and exits non-zero', async () => {
    const [unknown, badOption, missing] = await Promise.all([runCli(['frobnicate']), runCli(['explain', '--profil', 'x']), runCli(['explain'])]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"; run "georoute --help"/);
    assert.equal(badOption.code, 2);
    assert.equal(badOption.stderr.trim().split('\n').length, 1);
    assert.match(badOption.stderr, /unknown option --profil/);
    assert.match(missing.stderr, /--profile is required/);
  });

  it('validates a configuration and names the path of each problem', async () => {
    const good = writeConfigFile(dir, testConfig());
    const ok = await runCli(['config', 'validate', '--config', good]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /valid/);
    const badPath = join(dir, 'bad.yaml');
    writeFileSync(badPath, 'server: { port: "eighty" }\nregions: []\n');
    const bad = await runCli(['config', 'validate', '--config', badPath]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /server\.port: Expected number, received string/);
    assert.match(bad.stderr, /server\.defaultSourceRegion: Required/);
    const fromEnv = await runCli(['config', 'validate'], { GEOROUTE_CONFIG: badPath });
    assert.equal(fromEnv.code, 1, 'GEOROUTE_CONFIG is used when --config is absent');
    const demo = await runCli(['config', 'validate'], { GEOROUTE_CONFIG: '' });
    assert.match(demo.stdout, /examples\/demo\.yaml: valid/);
  });

  it('explains the boundary and the order without sending anything', async () => {
    const { code, stdout, stderr } = await runCli(['explain', '--profile', 'eu.amazon.nova-2-lite-v1:0', '--source', 'eu-west-3', '--format', 'json'], { GEOROUTE_CONFIG: '' });
    assert.equal(code, 0, stderr);
    const explanation = JSON.parse(stdout) as { boundary: string[]; excludedRegions: string[]; candidates: Array<{ region: string; isSourceRegion: boolean }> };
    assert.deepEqual([...explanation.boundary].sort(), ['eu-central-1', 'eu-north-1', 'eu-south-1', 'eu-west-1', 'eu-west-3']);
    assert.ok(explanation.excludedRegions.includes('eu-west-2'), 'London is outside the EU boundary');
    assert.equal(explanation.candidates[0].region, 'eu-west-3');
    assert.equal(explanation.candidates[0].isSourceRegion, true);
    const table = await runCli(['explain', '--profile', 'amazon.nova-2-lite-v1:0', '--source', 'us-east-1'], { GEOROUTE_CONFIG: '' });
    assert.match(table.stdout, /residency boundary: us-east-1\n/);
  });
});
