/**
 * Teams and their limits in the state database. A team exists for limits only: keys name their team, and a team
 * without a row has no limits. Setting limits replaces them; removing a team's limits keeps a row with none, so the
 * change reaches every replica through the revision like any other.
 */
import { limitsSchema } from '../config/config-schema.js';
import type { SqlDatabase } from '../state/sql-database.js';
import { nextRevision } from '../state/state-migrations.js';
import { hasAnyLimit, limitsFromConfig, limitsToConfig, type Limits } from './limits.js';

export interface TeamLimits {
  team: string;
  limits: Limits;
  updatedAt: number;
  revision: number;
}

interface TeamRow {
  id: string;
  limits_json: string;
  updated_at: string | number;
  revision: string | number;
}

function teamFromRow(row: TeamRow): TeamLimits {
  return { team: row.id, limits: limitsFromConfig(limitsSchema.parse(JSON.parse(row.limits_json))), updatedAt: Number(row.updated_at), revision: Number(row.revision) };
}

export class SqlTeamStore {
  constructor(private readonly db: SqlDatabase) {}

  async put(team: string, limits: Limits, now: number): Promise<TeamLimits> {
    return this.db.transaction(async (tx) => {
      const revision = await nextRevision(tx);
      await tx.query(
        'INSERT INTO teams (id, limits_json, updated_at, revision) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET limits_json = $2, updated_at = $3, revision = $4',
        [team, JSON.stringify(limitsToConfig(limits)), now, revision],
      );
      return { team, limits, updatedAt: now, revision };
    });
  }

  async get(team: string): Promise<TeamLimits | undefined> {
    const [row] = await this.db.query<TeamRow>('SELECT id, limits_json, updated_at, revision FROM teams WHERE id = $1', [team]);
    return row && teamFromRow(row);
  }

  /** Teams with at least one limit, by id. */
  async list(): Promise<TeamLimits[]> {
    const rows = await this.db.query<TeamRow>('SELECT id, limits_json, updated_at, revision FROM teams ORDER BY id');
    return rows.map(teamFromRow).filter((t) => hasAnyLimit(t.limits));
  }

  async changedSince(revision: number): Promise<TeamLimits[]> {
    const rows = await this.db.query<TeamRow>('SELECT id, limits_json, updated_at, revision FROM teams WHERE revision > $1 ORDER BY revision', [revision]);
    return rows.map(teamFromRow);
  }
}
