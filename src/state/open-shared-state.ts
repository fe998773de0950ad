/**
 * The state behind every replica, as `state` configures it: embedded SQLite (`<dataDir>/state.sqlite`, one process
 * or processes sharing the file) or PostgreSQL (one schema shared by every replica). Opens the database, migrates
 * it, and builds what lives there: managed keys and their in-memory registry, team limits, usage counters, the key
 * admin service, the limit stage, the replica traffic table and (PostgreSQL) the application profiles. One
 * StateRefresher keeps this replica's view current.
 */
import { join } from 'node:path';
import type { GeorouteConfig } from '../config/config-schema.js';
import type { Catalog } from '../catalog/catalog-types.js';
import type { ApplicationProfileStore } from '../catalog/application-profile-store.js';
import { openSharedApplicationProfileStore } from '../catalog/postgres-application-profile-store.js';
import { KeyAdminService } from '../keys/key-admin-service.js';
import { ManagedKeyRegistry } from '../keys/managed-key-registry.js';
import { secretBoxFromConfig } from '../keys/secret-box.js';
import { SqlKeyStore } from '../keys/sql-key-store.js';
import { createLimitStage, type LimitStage } from '../limits/limit-stage.js';
import { SqlTeamStore } from '../limits/sql-team-store.js';
import { SqlUsageCounterStore } from '../limits/sql-usage-counter-store.js';
import { createPostgresStatePool, postgresSqlDatabase } from './postgres-sql-database.js';
import { runPostgresStateMigrations, runSqliteStateMigrations } from './run-state-migrations.js';
import type { SqlDatabase } from './sql-database.js';
import { openSqliteSqlDatabase } from './sqlite-sql-database.js';
import { startStateRefresher, type StateListener, type StateRefresher } from './state-refresher.js';

export const STATE_FILE = 'state.sqlite';

export interface SharedState {
  db: SqlDatabase;
  keys: SqlKeyStore;
  teams: SqlTeamStore;
  counters: SqlUsageCounterStore;
  registry: ManagedKeyRegistry;
  admin: KeyAdminService;
  limits: LimitStage;
  /** PostgreSQL only: application profiles every replica shares (SQLite keeps them in profiles.sqlite). */
  applicationProfiles?: ApplicationProfileStore;
  refresher?: StateRefresher;
  close(): Promise<void>;
}

/** The database alone, migrated (the CLI, and the start of openSharedState). */
export async function openStateDatabase(config: GeorouteConfig, dataDir: string, env: NodeJS.ProcessEnv, onError: (error: Error) => void = () => undefined): Promise<SqlDatabase> {
  const { state } = config;
  if (state.store === 'sqlite' || state.postgres === undefined) {
    const path = join(dataDir, STATE_FILE);
    const db = openSqliteSqlDatabase(path);
    try {
      runSqliteStateMigrations(db.raw, path);
    } catch (error) {
      await db.close();
      throw error;
    }
    return db;
  }
  const url = env[state.postgres.urlEnv];
  if (!url) throw new Error(`state.postgres.urlEnv names ${state.postgres.urlEnv}, which is not set: set it to the PostgreSQL URL`);
  const pool = createPostgresStatePool({ url, ...state.postgres, onError });
  try {
    await runPostgresStateMigrations(pool, state.postgres.schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return postgresSqlDatabase(pool);
}

export interface OpenSharedStateInput {
  config: GeorouteConfig;
  catalog: Catalog;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Start the refresher (a gateway); the CLI reads and writes once and needs none. */
  refresh: boolean;
  onError: (error: unknown, context: string) => void;
}

export async function openSharedState(input: OpenSharedStateInput): Promise<SharedState> {
  const { config } = input;
  const db = await openStateDatabase(config, input.dataDir, input.env, (error) => input.onError(error, 'state database connection'));
  try {
    const box = secretBoxFromConfig(config.state, input.env);
    const keys = new SqlKeyStore(db);
    const teams = new SqlTeamStore(db);
    const counters = new SqlUsageCounterStore(db);
    const registry = new ManagedKeyRegistry(keys, teams, box, (message) => input.onError(new Error(message), 'managed keys'));
    const listeners: StateListener[] = [registry];
    let applicationProfiles: ApplicationProfileStore | undefined;
    if (db.dialect === 'postgres') {
      const shared = await openSharedApplicationProfileStore(db);
      applicationProfiles = shared.store;
      listeners.push(shared.listener);
    }
    const refresher = input.refresh ? startStateRefresher(db, listeners, config.state.refreshMs, (error) => input.onError(error, 'state refresh')) : undefined;
    await (refresher ? refresher.refresh() : registry.apply(-1));
    const purge = input.refresh ? setInterval(() => void counters.purgeExpired(Date.now()).catch((e: unknown) => input.onError(e, 'usage counter purge')), 60_000) : undefined;
    purge?.unref();
    const limits = createLimitStage({
      counters,
      teamLimits: (team) => registry.teamLimits(team),
      catalog: input.catalog,
      discounts: config.pricing.discounts,
      onError: (error) => input.onError(error, 'usage counters'),
    });
    const admin = new KeyAdminService({ keys, teams, config, box, applied: (key) => registry.applyKey(key), refreshed: () => refresher?.refresh() ?? registry.apply(-1) });
    return {
      db,
      keys,
      teams,
      counters,
      registry,
      admin,
      limits,
      applicationProfiles,
      refresher,
      close: async () => {
        refresher?.close();
        if (purge) clearInterval(purge);
        // The last requests' usage, summed but not yet written, goes in before the database closes.
        await counters.flush().catch((error: unknown) => input.onError(error, 'usage counters'));
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
