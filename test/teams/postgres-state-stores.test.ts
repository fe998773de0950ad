import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createPostgresStatePool, postgresSqlDatabase } from '../../src/state/postgres-sql-database.js';
import { runPostgresStateMigrations } from '../../src/state/run-state-migrations.js';
import { latestStateVersion } from '../../src/state/state-migrations.js';
import { stateStoreCases } from './state-store-cases.js';
import { dropSchemas, postgresUnreachable, TEST_POSTGRES_URL, uniqueSchema } from './postgres-test-kit.js';

const unreachable = await postgresUnreachable();
const prefix = uniqueSchema('stores');

describe('shared-state stores on PostgreSQL', { skip: unreachable }, () => {
  after(() => dropSchemas(prefix));
  let n = 0;
  const pool = (schema: string) => createPostgresStatePool({ url: TEST_POSTGRES_URL, schema, connectTimeoutMs: 3_000, statementTimeoutMs: 5_000 });

  stateStoreCases(async () => {
    const schema = `${prefix}_${++n}`;
    const p = pool(schema);
    await runPostgresStateMigrations(p, schema);
    return postgresSqlDatabase(p);
  });

  it('migrates once when replicas start together: the advisory lock serialises them', async () => {
    const schema = `${prefix}_race`;
    const pools = [pool(schema), pool(schema), pool(schema), pool(schema)];
    try {
      const applied = await Promise.all(pools.map((p) => runPostgresStateMigrations(p, schema)));
      assert.deepEqual(applied.flat().sort(), Array.from({ length: latestStateVersion }, (_, i) => i + 1));
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      const { rows } = await client.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
      await client.end();
      assert.deepEqual(rows.map((r) => r.version), Array.from({ length: latestStateVersion }, (_, i) => i + 1));
      assert.deepEqual(await runPostgresStateMigrations(pools[0], schema), [], 'a later start applies nothing');
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('refuses a schema newer than this georoute', async () => {
    const schema = `${prefix}_newer`;
    const p = pool(schema);
    try {
      await runPostgresStateMigrations(p, schema);
      await p.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES (999, 'from the future')`);
      await assert.rejects(() => runPostgresStateMigrations(p, schema), /version 999.*upgrade georoute/);
    } finally {
      await p.end();
    }
  });
});
