/**
 * Opens the audit stores a configuration describes: SQLite files under `<dataDir>/audit/` or PostgreSQL schemas
 * under `audit.postgres.schemaPrefix`. The gateway opens one store per source region for writing, on first use;
 * the CLI opens the existing ones for reading.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { AuditConfig } from '../config/config-schema.js';
import type { AuditStore } from './audit-store-contract.js';
import { openSqliteAuditStore, sqliteAuditStorePath } from './sqlite-audit-store.js';
import { listPostgresAuditRegions, openPostgresAuditStore } from './postgres-audit-store.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The pool of the PostgreSQL audit stores. Every wait on the database is bounded: connecting
 * (`connectTimeoutMs`), each statement on the server (`statement_timeout`, which also bounds waiting for the
 * records table's lock) and in the client (`query_timeout`, for a server that is frozen and never answers), and an
 * abandoned transaction (`idle_in_transaction_session_timeout`, so a vanished writer cannot hold the lock). Errors of
 * idle connections (the server restarted or went away) go to `onError` instead of crashing the process: the pool
 * drops the connection and opens a new one on the next commit.
 */
export function createPostgresAuditPool(config: AuditConfig, env: Env, onError: (error: Error) => void = () => undefined): pg.Pool {
  if (!config.postgres) throw new Error('audit.store is postgres but audit.postgres is missing: add audit.postgres.urlEnv');
  const url = env[config.postgres.urlEnv];
  if (!url) throw new Error(`audit.postgres.urlEnv names ${config.postgres.urlEnv}, which is not set: set it to the PostgreSQL URL`);
  const { connectTimeoutMs, statementTimeoutMs } = config.postgres;
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs,
    idle_in_transaction_session_timeout: 2 * statementTimeoutMs,
    keepAlive: true,
  });
  pool.on('error', onError);
  return pool;
}

export interface OpenStoreForWriteInput {
  config: AuditConfig;
  dataDir: string;
  region: string;
  /** Required for `store: postgres`. */
  pool?: pg.Pool;
}

export async function openAuditStoreForWrite(input: OpenStoreForWriteInput): Promise<AuditStore> {
  const { config, dataDir, region, pool } = input;
  if (config.store === 'sqlite') return openSqliteAuditStore({ path: sqliteAuditStorePath(dataDir, region), region });
  if (!pool || !config.postgres) throw new Error('a PostgreSQL audit store needs audit.postgres and a pool');
  return openPostgresAuditStore({ pool, schemaPrefix: config.postgres.schemaPrefix, region });
}

export interface OpenedAuditStores {
  stores: AuditStore[];
  close(): Promise<void>;
}

export interface OpenStoresForReadInput {
  config: AuditConfig;
  dataDir: string;
  env: Env;
  /** Only this source region; every store found otherwise. */
  region?: string;
}

/** The existing stores, sorted by region. Throws when `region` is given and has no store. */
export async function openAuditStoresForRead(input: OpenStoresForReadInput): Promise<OpenedAuditStores> {
  const { config, dataDir, region } = input;
  if (config.store === 'sqlite') {
    const directory = join(dataDir, 'audit');
    const regions = region
      ? [region]
      : existsSync(directory)
        ? readdirSync(directory).filter((f) => f.endsWith('.sqlite')).map((f) => f.slice(0, -'.sqlite'.length)).sort()
        : [];
    const stores = regions.map((r) => {
      const path = sqliteAuditStorePath(dataDir, r);
      if (!existsSync(path)) throw new Error(`no audit store for source region ${r} (looked for ${path})`);
      return openSqliteAuditStore({ path, region: r, readonly: true });
    });
    return { stores, close: async () => void (await Promise.all(stores.map((s) => s.close()))) };
  }
  const pool = createPostgresAuditPool(config, input.env);
  try {
    const prefix = config.postgres?.schemaPrefix ?? 'georoute_audit';
    const found = await listPostgresAuditRegions(pool, prefix);
    if (region && !found.includes(region)) throw new Error(`no audit store for source region ${region} under schema prefix ${prefix}`);
    const stores = await Promise.all(
      (region ? [region] : found).map((r) => openPostgresAuditStore({ pool, schemaPrefix: prefix, region: r, readonly: true })),
    );
    return { stores, close: () => pool.end() };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
