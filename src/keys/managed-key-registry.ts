/**
 * The in-memory view of managed keys and team limits that the request path reads (ManagedCredentials and the
 * limit stage's team lookup): a Map per lookup, filled from the state store and updated by the StateRefresher
 * with the keys and teams that changed. Each key's identity is one frozen object per key revision (the router
 * caches boundaries per scope object). Access keys' secrets are opened once, when they are applied.
 */
import type { Identity } from '../auth/identity.js';
import { scopeFromConfig } from '../auth/identity.js';
import type { ManagedAccessKey, ManagedCredentials } from '../auth/managed-credentials.js';
import { hasAnyLimit, type Limits } from '../limits/limits.js';
import type { SqlTeamStore } from '../limits/sql-team-store.js';
import type { StateListener } from '../state/state-refresher.js';
import { isKeyActive, type StoredManagedKey } from './managed-key.js';
import type { SecretBox } from './secret-box.js';
import type { SqlKeyStore } from './sql-key-store.js';

interface Entry {
  key: StoredManagedKey;
  identity: Identity;
  secretAccessKey?: string;
}

export interface TeamLimitsLookup {
  teamLimits(team: string): Limits | undefined;
}

/** The identity's id is the key id, or for an access key its access key id (as for configured ones, and in audit records). */
export function managedKeyIdentity(key: StoredManagedKey): Identity {
  const identity: Identity = { type: key.kind, id: identityIdOf(key), admin: key.admin, ...scopeFromConfig(key) };
  if (key.sourceRegion !== undefined) identity.sourceRegion = key.sourceRegion;
  if (key.team !== undefined) identity.team = key.team;
  if (key.limits !== undefined) identity.limits = key.limits;
  return Object.freeze(identity);
}

export function identityIdOf(key: { id: string; accessKeyId?: string }): string {
  return key.accessKeyId ?? key.id;
}

export class ManagedKeyRegistry implements ManagedCredentials, TeamLimitsLookup, StateListener {
  private readonly byId = new Map<string, Entry>();
  private readonly byHash = new Map<string, Entry>();
  private readonly byAccessKeyId = new Map<string, Entry>();
  private readonly teams = new Map<string, Limits>();

  constructor(
    private readonly keys: SqlKeyStore,
    private readonly teamStore: SqlTeamStore,
    private readonly box: SecretBox | undefined,
    private readonly onError: (message: string) => void,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  apiKey(sha256: string, now: number): Identity | undefined {
    const entry = this.byHash.get(sha256);
    return entry && isKeyActive(entry.key, now) ? entry.identity : undefined;
  }

  accessKey(accessKeyId: string, now: number): ManagedAccessKey | undefined {
    const entry = this.byAccessKeyId.get(accessKeyId);
    if (!entry || entry.secretAccessKey === undefined || !isKeyActive(entry.key, now)) return undefined;
    return { identity: entry.identity, secretAccessKey: entry.secretAccessKey };
  }

  teamLimits(team: string): Limits | undefined {
    return this.teams.get(team);
  }

  async apply(fromRevision: number): Promise<void> {
    const [keys, teams] = await Promise.all([this.keys.changedSince(fromRevision), this.teamStore.changedSince(fromRevision)]);
    for (const key of keys) this.applyKey(key);
    for (const team of teams) {
      if (hasAnyLimit(team.limits)) this.teams.set(team.team, team.limits);
      else this.teams.delete(team.team);
    }
  }

  /** A changed key replaces its old entry everywhere (a rotated key's old hash stops working); a revoked one is dropped. */
  applyKey(key: StoredManagedKey): void {
    const old = this.byId.get(key.id);
    if (old) {
      if (old.key.secretSha256 !== undefined) this.byHash.delete(old.key.secretSha256);
      if (old.key.accessKeyId !== undefined) this.byAccessKeyId.delete(old.key.accessKeyId);
      this.byId.delete(key.id);
    }
    if (key.revokedAt !== undefined) return;
    const entry: Entry = { key, identity: managedKeyIdentity(key) };
    if (key.kind === 'access-key') {
      if (key.accessKeyId === undefined || key.secretSealed === undefined) return;
      if (this.box === undefined) {
        this.onError(`managed access key ${key.id} cannot be used: set state.secretKeyEnv or state.secretKeyFile`);
        return;
      }
      try {
        entry.secretAccessKey = this.box.open(key.secretSealed, key.accessKeyId);
      } catch {
        this.onError(`managed access key ${key.id}: its sealed secret does not open with the configured state secret key`);
        return;
      }
      this.byAccessKeyId.set(key.accessKeyId, entry);
    } else if (key.secretSha256 !== undefined) {
      this.byHash.set(key.secretSha256, entry);
    }
    this.byId.set(key.id, entry);
  }
}
