/**
 * Measures the audit stores' commit rate and per-record commit latency: SQLite with synchronous=FULL and NORMAL,
 * and PostgreSQL (GEOROUTE_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test; skipped when
 * unreachable), with and without group commit. Not a test (it takes about a minute); docs/audit.md quotes it:
 *   node bin/run-ts.js test/audit/measure-audit-commit-rate.ts [secondsPerCase]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openSqliteAuditStore, type SqliteSynchronous } from '../../src/audit/sqlite-audit-store.js';
import { openPostgresAuditStore } from '../../src/audit/postgres-audit-store.js';
import type { AuditStore } from '../../src/audit/audit-store-contract.js';
import { createGroupCommitter } from '../../src/audit/audit-group-committer.js';
import { buildAuditRecord } from '../../src/audit/build-audit-record.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { makeOutcome } from './audit-test-fixtures.js';

const seconds = Number(process.argv[2] ?? 3);
const record = buildAuditRecord(makeOutcome());

interface Case {
  synchronous: SqliteSynchronous | 'postgres';
  clients: number;
  maxBatch: number;
  maxDelayMs: number;
}

const postgresUrl = process.env.GEOROUTE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schemaPrefix = `georoute_bench_${process.pid}`;

async function openStore(c: Case, dir: string, pool: pg.Pool | undefined): Promise<AuditStore> {
  if (c.synchronous !== 'postgres') {
    return openSqliteAuditStore({ path: join(dir, 'eu-central-1.sqlite'), region: 'eu-central-1', synchronous: c.synchronous });
  }
  if (!pool) throw new Error('no pool');
  await pool.query(`DROP SCHEMA IF EXISTS ${schemaPrefix}_eu_central_1 CASCADE`);
  return openPostgresAuditStore({ pool, schemaPrefix, region: 'eu-central-1' });
}

async function measure(c: Case, pool?: pg.Pool): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'georoute-audit-bench-'));
  const store = await openStore(c, dir, pool);
  const committer = createGroupCommitter<AuditRecord, void>({
    maxBatch: c.maxBatch,
    maxDelayMs: c.maxDelayMs,
    commit: async (records) => {
      await store.append(records);
      return records.map(() => undefined);
    },
  });
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: c.clients }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      await committer.submit({ ...record, eventID: crypto.randomUUID() });
      latencies.push(performance.now() - t);
    }
  }));
  await committer.drain();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  await pool?.query(`DROP SCHEMA IF EXISTS ${schemaPrefix}_eu_central_1 CASCADE`);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2);
  const rate = Math.round(latencies.length / seconds);
  return `| ${c.synchronous} | ${c.clients} | ${c.maxBatch} | ${c.maxDelayMs} | ${rate} | ${Math.round(committer.commits / seconds)} | ${(latencies.length / committer.commits).toFixed(1)} | ${q(0.5)} | ${q(0.99)} |`;
}

console.log(`${cpus()[0]?.model ?? 'unknown CPU'} x ${cpus().length}, node ${process.version}, ${seconds} s per case, data in ${tmpdir()}`);
console.log('| synchronous | concurrent clients | maxBatch | maxDelayMs | records/s | commits/s | records/commit | p50 ms | p99 ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
const pool = new pg.Pool({ connectionString: postgresUrl, max: 4 });
const postgres = await pool.query('SELECT 1').then(() => true, () => false);
for (const synchronous of ['FULL', 'NORMAL', 'postgres'] as const) {
  if (synchronous === 'postgres' && !postgres) {
    console.log(`(PostgreSQL at ${postgresUrl} unreachable: skipped)`);
    continue;
  }
  const p = synchronous === 'postgres' ? pool : undefined;
  console.log(await measure({ synchronous, clients: 1, maxBatch: 1, maxDelayMs: 0 }, p));
  for (const clients of [1, 64, 512]) {
    for (const maxDelayMs of [0, 2]) console.log(await measure({ synchronous, clients, maxBatch: 256, maxDelayMs }, p));
  }
}
await pool.end();
