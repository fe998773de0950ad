#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's test runner (through tsx), prints the spec report and a closing
// summary line "tests: N passed, N failed, N skipped". Usage: node scripts/run-tests.js [FILTER...]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';

function findTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(path));
    else if (entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = findTests('test')
  .map((f) => relative('.', f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'georoute-tests-'));
const tapFile = join(scratch, 'report.tap');
const result = spawnSync(
  process.execPath,
  [
    '--import', 'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, GEOROUTE_LOG_LEVEL: process.env.GEOROUTE_LOG_LEVEL ?? 'silent' } },
);
const tap = readFileSync(tapFile, 'utf8');
rmSync(scratch, { recursive: true, force: true });
const count = (name) => Number((tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
// node:test counts a test cut off by its parent's timeout as cancelled, not failed: it did not pass, so it counts here.
const cancelled = count('cancelled');
console.log(`\ntests: ${count('pass')} passed, ${count('fail') + cancelled} failed${cancelled > 0 ? ` (${cancelled} cancelled)` : ''}, ${count('skipped')} skipped`);
process.exit(result.status ?? 1);
