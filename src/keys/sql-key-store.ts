/**
 * Managed keys in the state database (SQLite or PostgreSQL through SqlDatabase; one implementation, one
 * conformance suite). Every change bumps the state revision in its own transaction and stamps the row with it, so
 * `changedSince` gives every replica the keys that changed, revocations included (a revoked key keeps its row).
 */
import { limitsFromConfig, limitsToConfig } from '../limits/limits.js';
import { limitsSchema } from '../config/config-schema.js';
import type { SqlDatabase, SqlQueryable } from '../state/sql-database.js';
import { nextRevision } from '../state/state-migrations.js';
import type { ManagedKeyDefinition, ManagedKeyKind, StoredManagedKey } from './managed-key.js';

interface KeyRow {
  id: string;
  kind: string;
  name: string;
  team: string | null;
  secret_sha256: string | null;
  access_key_id: string | null;
  secret_sealed: string | null;
  key_hint: string;
  definition_json: string;
  created_at: string | number;
  updated_at: string | number;
  expires_at: string | number | null;
  revoked_at: string | number | null;
  revision: string | number;
}

const COLUMNS = 'id, kind, name, team, secret_sha256, access_key_id, secret_sealed, key_hint, definition_json, created_at, updated_at, expires_at, revoked_at, revision';

type StoredDefinition = Omit<ManagedKeyDefinition, 'name' | 'team' | 'expiresAt'>;

function definitionJson(definition: ManagedKeyDefinition): string {
  const { name: _name, team: _team, expiresAt: _expires, limits, ...rest } = definition;
  return JSON.stringify({ ...rest, ...(limits && { limits: limitsToConfig(limits) }) });
}

function keyFromRow(row: KeyRow): StoredManagedKey {
  const stored = JSON.parse(row.definition_json) as StoredDefinition & { limits?: unknown };
  const key: StoredManagedKey = {
    ...stored,
    limits: stored.limits === undefined ? undefined : limitsFromConfig(limitsSchema.parse(stored.limits)),
    id: row.id,
    kind: row.kind as ManagedKeyKind,
    name: row.name,
    hint: row.key_hint,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    revision: Number(row.revision),
  };
  if (row.team !== null) key.team = row.team;
  if (row.expires_at !== null) key.expiresAt = Number(row.expires_at);
  if (row.revoked_at !== null) key.revokedAt = Number(row.revoked_at);
  if (row.access_key_id !== null) key.accessKeyId = row.access_key_id;
  if (row.secret_sha256 !== null) key.secretSha256 = row.secret_sha256;
  if (row.secret_sealed !== null) key.secretSealed = row.secret_sealed;
  if (key.limits === undefined) delete key.limits;
  return key;
}

export interface NewStoredKey extends ManagedKeyDefinition {
  id: string;
  kind: ManagedKeyKind;
  hint: string;
  accessKeyId?: string;
  secretSha256?: string;
  secretSealed?: string;
}

export interface KeySecretUpdate {
  hint: string;
  secretSha256?: string;
  secretSealed?: string;
}

export class SqlKeyStore {
  constructor(private readonly db: SqlDatabase) {}

  async insert(key: NewStoredKey, now: number): Promise<StoredManagedKey> {
    return this.db.transaction(async (tx) => {
      const revision = await nextRevision(tx);
      await tx.query(
        `INSERT INTO managed_keys (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, NULL, $12)`,
        [key.id, key.kind, key.name, key.team ?? null, key.secretSha256 ?? null, key.accessKeyId ?? null, key.secretSealed ?? null, key.hint, definitionJson(key), now, key.expiresAt ?? null, revision],
      );
      return this.mustGet(tx, key.id);
    });
  }

  async get(id: string): Promise<StoredManagedKey | undefined> {
    const [row] = await this.db.query<KeyRow>(`SELECT ${COLUMNS} FROM managed_keys WHERE id = $1`, [id]);
    return row && keyFromRow(row);
  }

  /** Newest first. */
  async list(filter: { team?: string } = {}): Promise<StoredManagedKey[]> {
    const rows = filter.team === undefined
      ? await this.db.query<KeyRow>(`SELECT ${COLUMNS} FROM managed_keys ORDER BY created_at DESC, id`)
      : await this.db.query<KeyRow>(`SELECT ${COLUMNS} FROM managed_keys WHERE team = $1 ORDER BY created_at DESC, id`, [filter.team]);
    return rows.map(keyFromRow);
  }

  /** Replaces the definition of a key that is not revoked; undefined when there is none. */
  async update(id: string, definition: ManagedKeyDefinition, now: number): Promise<StoredManagedKey | undefined> {
    return this.change(id, now, 'name = $3, team = $4, definition_json = $5, expires_at = $6', [definition.name, definition.team ?? null, definitionJson(definition), definition.expiresAt ?? null]);
  }

  /** A new secret for a key that is not revoked: the old one stops working at once. */
  async replaceSecret(id: string, secret: KeySecretUpdate, now: number): Promise<StoredManagedKey | undefined> {
    return this.change(id, now, 'key_hint = $3, secret_sha256 = $4, secret_sealed = $5', [secret.hint, secret.secretSha256 ?? null, secret.secretSealed ?? null]);
  }

  async revoke(id: string, now: number): Promise<StoredManagedKey | undefined> {
    return this.change(id, now, 'revoked_at = $2', []);
  }

  /** Keys changed after `revision` (created, updated, rotated, revoked), oldest change first. */
  async changedSince(revision: number): Promise<StoredManagedKey[]> {
    const rows = await this.db.query<KeyRow>(`SELECT ${COLUMNS} FROM managed_keys WHERE revision > $1 ORDER BY revision`, [revision]);
    return rows.map(keyFromRow);
  }

  private async change(id: string, now: number, assignments: string, params: (string | number | null)[]): Promise<StoredManagedKey | undefined> {
    return this.db.transaction(async (tx) => {
      const [live] = await tx.query<{ id: string }>('SELECT id FROM managed_keys WHERE id = $1 AND revoked_at IS NULL', [id]);
      if (live === undefined) return undefined;
      const revision = await nextRevision(tx);
      await tx.query(`UPDATE managed_keys SET ${assignments}, updated_at = $2, revision = $${params.length + 3} WHERE id = $1`, [id, now, ...params, revision]);
      return this.mustGet(tx, id);
    });
  }

  private async mustGet(tx: SqlQueryable, id: string): Promise<StoredManagedKey> {
    const [row] = await tx.query<KeyRow>(`SELECT ${COLUMNS} FROM managed_keys WHERE id = $1`, [id]);
    return keyFromRow(row);
  }
}

/** The state revision: every replica compares it with the last it read before asking for changes. */
export async function readStateRevision(db: SqlQueryable): Promise<number> {
  const [row] = await db.query<{ value: string | number }>('SELECT value FROM state_revision WHERE id = 1');
  return Number(row.value);
}
