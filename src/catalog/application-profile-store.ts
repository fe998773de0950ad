/**
 * Application inference profiles: created through the control plane, kept in memory for the request hot path
 * (`get` is a Map lookup), written through to a persistence (SQLite by default) before a change becomes visible.
 * Names are unique; `clientRequestToken` makes a create idempotent: the same token with the same request returns
 * the original profile, the same token with a different request is a conflict.
 */
import { randomBytes } from 'node:crypto';
import { GeorouteError } from '../errors/error-catalog.js';
import { isUniqueViolation } from '../state/sql-database.js';
import type { InferenceProfile, PricingTier, ProfileScope } from './catalog-types.js';
import type { ApplicationProfileLookup } from './profile-resolver.js';

/** A profile with what the store needs to answer a replayed create. */
export interface StoredApplicationProfile {
  profile: InferenceProfile;
  clientRequestToken?: string;
  /** Canonical form of the create request, compared on a replay of its token. */
  requestFingerprint: string;
}

/**
 * Where application profiles survive a restart: embedded SQLite (synchronous) or the shared PostgreSQL state
 * (asynchronous, with `reload` to read what other replicas wrote). Writes throw on failure; a unique-constraint
 * violation (name or token taken, perhaps by another replica) is answered after a reload as a replay or a conflict.
 */
export interface ApplicationProfilePersistence {
  loadAll(): StoredApplicationProfile[];
  insert(stored: StoredApplicationProfile): void | Promise<void>;
  /** Replaces the stored profile of the same id (its tags changed). */
  update(stored: StoredApplicationProfile): void | Promise<void>;
  delete(id: string): void | Promise<void>;
  /** Every stored profile, as other replicas may have changed them (shared persistences only). */
  reload?(): Promise<StoredApplicationProfile[]>;
  close(): void | Promise<void>;
}

export interface NewApplicationProfile {
  name: string;
  description: string;
  modelId: string;
  scope: ProfileScope;
  pricingTier: PricingTier;
  tags: Readonly<Record<string, string>>;
  copiedFrom: string;
  clientRequestToken?: string;
  requestFingerprint: string;
}

export interface CreateApplicationProfileResult {
  profile: InferenceProfile;
  /** False when the request replayed an earlier token. */
  created: boolean;
}

export interface ApplicationProfileStoreOptions {
  /** Defaults to 12 random lower-case letters and digits, like Bedrock's application profile ids. */
  newId?: () => string;
  now?: () => Date;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomApplicationProfileId(): string {
  return [...randomBytes(12)].map((byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

export class ApplicationProfileStore implements ApplicationProfileLookup {
  private readonly byId = new Map<string, StoredApplicationProfile>();
  private readonly idByName = new Map<string, string>();
  private readonly idByToken = new Map<string, string>();
  private readonly newId: () => string;
  private readonly now: () => Date;

  constructor(
    private readonly persistence: ApplicationProfilePersistence,
    options: ApplicationProfileStoreOptions = {},
  ) {
    this.newId = options.newId ?? randomApplicationProfileId;
    this.now = options.now ?? (() => new Date());
    for (const stored of persistence.loadAll()) this.remember(stored);
  }

  get(id: string): InferenceProfile | undefined {
    return this.byId.get(id)?.profile;
  }

  /** Ordered by id, so that listings page stably. */
  list(): readonly InferenceProfile[] {
    return [...this.byId.values()].map((s) => s.profile).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  get size(): number {
    return this.byId.size;
  }

  /** Throws `conflict` for a taken name or a token replayed with a different request. */
  async create(input: NewApplicationProfile): Promise<CreateApplicationProfileResult> {
    const replayed = this.replayOrConflict(input);
    if (replayed) return replayed;
    let id = this.newId();
    while (this.byId.has(id)) id = this.newId();
    const at = this.now().toISOString();
    const profile: InferenceProfile = Object.freeze({
      id,
      name: input.name,
      description: input.description,
      type: 'APPLICATION',
      modelId: input.modelId,
      scope: input.scope,
      pricingTier: input.pricingTier,
      tags: Object.freeze({ ...input.tags }),
      copiedFrom: input.copiedFrom,
      createdAt: at,
      updatedAt: at,
    });
    const stored: StoredApplicationProfile = { profile, clientRequestToken: input.clientRequestToken, requestFingerprint: input.requestFingerprint };
    try {
      await this.persistence.insert(stored);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Taken meanwhile (another replica, or a concurrent create): answer from what is stored now.
      if (this.persistence.reload) this.replaceAll(await this.persistence.reload());
      const answer = this.replayOrConflict(input);
      if (answer) return answer;
      throw new GeorouteError('conflict', `An inference profile named "${input.name}" or with this clientRequestToken already exists.`);
    }
    this.remember(stored);
    return { profile, created: true };
  }

  /** An earlier create of the same token (same request: its answer; else a conflict), or a taken name. */
  private replayOrConflict(input: NewApplicationProfile): CreateApplicationProfileResult | undefined {
    if (input.clientRequestToken !== undefined) {
      const earlier = this.byId.get(this.idByToken.get(input.clientRequestToken) ?? '');
      if (earlier) {
        if (earlier.requestFingerprint !== input.requestFingerprint) {
          throw new GeorouteError(
            'conflict',
            `The clientRequestToken "${input.clientRequestToken}" was already used by a different CreateInferenceProfile request.`,
          );
        }
        return { profile: earlier.profile, created: false };
      }
    }
    if (this.idByName.has(input.name)) {
      throw new GeorouteError('conflict', `An inference profile named "${input.name}" already exists.`);
    }
    return undefined;
  }

  /**
   * Replaces the cost-allocation tags of an application profile (TagResource, UntagResource); later requests are
   * recorded with the new tags. Undefined when no application profile has this id.
   */
  async retag(id: string, change: (tags: Readonly<Record<string, string>>) => Record<string, string>): Promise<InferenceProfile | undefined> {
    const stored = this.byId.get(id);
    if (!stored) return undefined;
    const profile: InferenceProfile = Object.freeze({ ...stored.profile, tags: Object.freeze(change(stored.profile.tags)), updatedAt: this.now().toISOString() });
    const updated: StoredApplicationProfile = { ...stored, profile };
    await this.persistence.update(updated);
    this.remember(updated);
    return profile;
  }

  /** False when no application profile has this id. */
  async delete(id: string): Promise<boolean> {
    const stored = this.byId.get(id);
    if (!stored) return false;
    await this.persistence.delete(id);
    this.forget(stored);
    return true;
  }

  /**
   * Replaces the memory with what the persistence holds now (a shared one, after another replica changed it).
   * A profile object that did not change is kept as it was: the router caches boundaries per profile object.
   */
  replaceAll(stored: readonly StoredApplicationProfile[]): void {
    const incoming = new Map(stored.map((s) => [s.profile.id, s]));
    for (const existing of [...this.byId.values()]) {
      const next = incoming.get(existing.profile.id);
      if (next && JSON.stringify(next.profile) === JSON.stringify(existing.profile)) incoming.delete(existing.profile.id);
      else this.forget(existing);
    }
    for (const next of incoming.values()) this.remember(next);
  }

  async close(): Promise<void> {
    await this.persistence.close();
  }

  private forget(stored: StoredApplicationProfile): void {
    this.byId.delete(stored.profile.id);
    this.idByName.delete(stored.profile.name);
    if (stored.clientRequestToken !== undefined) this.idByToken.delete(stored.clientRequestToken);
  }

  private remember(stored: StoredApplicationProfile): void {
    this.byId.set(stored.profile.id, stored);
    this.idByName.set(stored.profile.name, stored.profile.id);
    if (stored.clientRequestToken !== undefined) this.idByToken.set(stored.clientRequestToken, stored.profile.id);
  }
}

/** A store that forgets everything on restart (tests, or a gateway without a data directory). */
export function createInMemoryApplicationProfileStore(options: ApplicationProfileStoreOptions = {}): ApplicationProfileStore {
  const noPersistence: ApplicationProfilePersistence = { loadAll: () => [], insert: () => {}, update: () => {}, delete: () => {}, close: () => {} };
  return new ApplicationProfileStore(noPersistence, options);
}
