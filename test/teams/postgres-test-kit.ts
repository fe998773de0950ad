/**
 * The machine's PostgreSQL for the shared-state tests, in a schema of the test's own (dropped afterwards).
 * GEOROUTE_TEST_POSTGRES_URL overrides postgres://postgres@127.0.0.1:5432/test. Not a test file itself.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export const TEST_POSTGRES_URL = process.env.GEOROUTE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function uniqueSchema(name: string): string {
  return `georoute_test_${name}_${randomUUID().slice(0, 8)}`;
}

export async function postgresUnreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL is unreachable at ${TEST_POSTGRES_URL} (${(error as Error).message}); set GEOROUTE_TEST_POSTGRES_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function dropSchemas(prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE left(nspname, length($1)) = $1', [prefix]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA ${nspname} CASCADE`);
  } finally {
    await client.end();
  }
}
