/**
 * What `/admin/keys`, `/admin/teams` and `georoute keys|teams` do, in one place: create (the secret is returned
 * this once and never again), list, show, update, rotate, revoke; set a team's limits. Scopes are checked like a
 * configured key's (known regions and geographies, a default region the key may claim). The replica that makes a
 * change applies it to its own registry at once; others within `state.refreshMs`.
 */
import { createHash } from 'node:crypto';
import type { GeorouteConfig } from '../config/config-schema.js';
import { checkScope } from '../config/validate-identity-scopes.js';
import { GeorouteError } from '../errors/error-catalog.js';
import { limitsFromConfig, type Limits } from '../limits/limits.js';
import type { SqlTeamStore, TeamLimits } from '../limits/sql-team-store.js';
import type { CreateKeyRequest, UpdateKeyRequest } from './key-admin-requests.js';
import { apiKeyHint, newAccessKeyId, newApiKeySecret, newKeyId, newSecretAccessKey } from './generate-key-secrets.js';
import { publicKeyView, type ManagedKey, type ManagedKeyDefinition, type StoredManagedKey } from './managed-key.js';
import type { SecretBox } from './secret-box.js';
import type { KeySecretUpdate, NewStoredKey, SqlKeyStore } from './sql-key-store.js';

/** A key with its secret, as returned by create and rotate only. */
export interface IssuedKey {
  key: ManagedKey;
  /** The bearer API key (`grk_...`). */
  apiKey?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface KeyAdminServiceInput {
  keys: SqlKeyStore;
  teams: SqlTeamStore;
  config: GeorouteConfig;
  box?: SecretBox;
  /** Applies a key's change to this replica's registry at once. */
  applied?: (key: StoredManagedKey) => void;
  /** Reads every change now (after a team's limits changed). */
  refreshed?: () => Promise<void>;
  now?: () => number;
}

function notFound(id: string): GeorouteError {
  return new GeorouteError('route_not_found', `No active managed key "${id}" (revoked keys cannot be changed).`, { param: 'id' });
}

export class KeyAdminService {
  private readonly now: () => number;

  constructor(private readonly input: KeyAdminServiceInput) {
    this.now = input.now ?? Date.now;
  }

  async create(request: CreateKeyRequest): Promise<IssuedKey> {
    const { kind, ...fields } = request;
    const definition = this.checked(definitionFrom(fields));
    const id = newKeyId();
    if (kind === 'api-key') {
      const apiKey = newApiKeySecret();
      const stored = await this.input.keys.insert({ ...definition, id, kind, hint: apiKeyHint(apiKey), secretSha256: sha256(apiKey) }, this.now());
      return { key: this.applied(stored), apiKey };
    }
    const accessKeyId = newAccessKeyId();
    const secretAccessKey = newSecretAccessKey();
    const stored = await this.input.keys.insert({ ...definition, id, kind, hint: accessKeyId, accessKeyId, secretSealed: this.box().seal(secretAccessKey, accessKeyId) } satisfies NewStoredKey, this.now());
    return { key: this.applied(stored), accessKeyId, secretAccessKey };
  }

  async list(filter: { team?: string } = {}): Promise<ManagedKey[]> {
    return (await this.input.keys.list(filter)).map(publicKeyView);
  }

  async show(id: string): Promise<ManagedKey> {
    const key = await this.input.keys.get(id);
    if (!key) throw new GeorouteError('route_not_found', `No managed key "${id}".`, { param: 'id' });
    return publicKeyView(key);
  }

  async update(id: string, patch: UpdateKeyRequest): Promise<ManagedKey> {
    const current = await this.input.keys.get(id);
    if (!current || current.revokedAt !== undefined) throw notFound(id);
    const definition = this.checked(mergeDefinition(current, patch));
    const stored = await this.input.keys.update(id, definition, this.now());
    if (!stored) throw notFound(id);
    return this.applied(stored);
  }

  /** A new secret; the old one stops working at once on this replica, within `state.refreshMs` on the others. */
  async rotate(id: string): Promise<IssuedKey> {
    const current = await this.input.keys.get(id);
    if (!current || current.revokedAt !== undefined) throw notFound(id);
    let secret: KeySecretUpdate;
    let issued: Omit<IssuedKey, 'key'>;
    if (current.kind === 'api-key') {
      const apiKey = newApiKeySecret();
      secret = { hint: apiKeyHint(apiKey), secretSha256: sha256(apiKey) };
      issued = { apiKey };
    } else {
      const accessKeyId = current.accessKeyId ?? newAccessKeyId();
      const secretAccessKey = newSecretAccessKey();
      secret = { hint: accessKeyId, secretSealed: this.box().seal(secretAccessKey, accessKeyId) };
      issued = { accessKeyId, secretAccessKey };
    }
    const stored = await this.input.keys.replaceSecret(id, secret, this.now());
    if (!stored) throw notFound(id);
    return { key: this.applied(stored), ...issued };
  }

  async revoke(id: string): Promise<ManagedKey> {
    const stored = await this.input.keys.revoke(id, this.now());
    if (!stored) throw notFound(id);
    return this.applied(stored);
  }

  async setTeamLimits(team: string, limits: Limits): Promise<TeamLimits> {
    const stored = await this.input.teams.put(team, limits, this.now());
    await this.input.refreshed?.();
    return stored;
  }

  async listTeams(): Promise<TeamLimits[]> {
    return this.input.teams.list();
  }

  private applied(stored: StoredManagedKey): ManagedKey {
    this.input.applied?.(stored);
    return publicKeyView(stored);
  }

  private box(): SecretBox {
    if (!this.input.box) {
      throw new GeorouteError('unsupported_operation', 'Managed access keys need state.secretKeyEnv or state.secretKeyFile (the AES-256-GCM key that seals their secrets).');
    }
    return this.input.box;
  }

  private checked(definition: ManagedKeyDefinition): ManagedKeyDefinition {
    const { config } = this.input;
    const geographies = new Map(config.geographies.map((g) => [g.id, g.regions]));
    const regions = new Set(config.regions.map((r) => r.id));
    checkScope(definition, [], geographies, regions, (path, problem) => {
      throw new GeorouteError('invalid_request', `${path.join('.')}: ${problem}`, { param: String(path[0]) });
    });
    if (definition.expiresAt !== undefined && definition.expiresAt <= this.now()) {
      throw new GeorouteError('invalid_request', 'expiresAt: must be in the future.', { param: 'expiresAt' });
    }
    return definition;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

type DefinitionFields = Omit<CreateKeyRequest, 'kind'>;

function definitionFrom(fields: DefinitionFields): ManagedKeyDefinition {
  const { limits, ...rest } = fields;
  const definition: ManagedKeyDefinition = { ...rest };
  for (const name of Object.keys(definition) as (keyof ManagedKeyDefinition)[]) if (definition[name] === undefined) delete definition[name];
  if (limits !== undefined) definition.limits = limitsFromConfig(limits);
  return definition;
}

/** Present fields replace, `null` clears, absent fields stay. */
function mergeDefinition(current: StoredManagedKey, patch: UpdateKeyRequest): ManagedKeyDefinition {
  const { name, tags, admin, team, expiresAt, sourceRegion, sourceRegions, allowedGeographies, allowedProfiles, limits } = current;
  const merged: Record<string, unknown> = { name, tags, admin, team, expiresAt, sourceRegion, sourceRegions, allowedGeographies, allowedProfiles, limits };
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    merged[field] = value === null ? undefined : field === 'limits' ? limitsFromConfig(patch.limits ?? { currency: 'USD' }) : value;
  }
  const definition = merged as unknown as ManagedKeyDefinition;
  for (const field of Object.keys(merged)) if (merged[field] === undefined) delete merged[field];
  return definition;
}
