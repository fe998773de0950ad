/**
 * Resolves the model id a client sent into an inference profile. Accepted forms: a system profile id
 * (`eu.amazon.nova-2-lite-v1:0`), a foundation-model id, their ARNs
 * (`arn:aws:bedrock:<region>:<account>:inference-profile/<id>`, `arn:aws:bedrock:<region>::foundation-model/<id>`),
 * and application profile ids or ARNs (`application-inference-profile/<id>`) when an application store is attached.
 */
import type { Catalog, InferenceProfile } from './catalog-types.js';

export interface ApplicationProfileLookup {
  /** Must be a memory lookup: it runs on every request. */
  get(id: string): InferenceProfile | undefined;
  /** Every application profile, for listings. */
  list?(): readonly InferenceProfile[];
}

export interface ResolvedModelId {
  /**
   * For a foundation-model ARN, the bare model's profile with scope `arn-region`: it names the one region it runs
   * in, and the residency boundary refuses a request from another source region (Bedrock refuses it too).
   */
  profile: InferenceProfile;
  /** The region named in an ARN, if any. */
  arnRegion?: string;
}

const ARN = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]*):(\d*):(inference-profile|application-inference-profile|foundation-model)\/(.+)$/;

export class ProfileResolver {
  /** `arn-region` profiles of configured regions, made once (the router caches boundaries per profile object). */
  private readonly arnProfiles = new Map<string, InferenceProfile>();

  constructor(
    private readonly catalog: Catalog,
    private applications?: ApplicationProfileLookup,
  ) {}

  attachApplicationProfiles(applications: ApplicationProfileLookup): void {
    this.applications = applications;
  }

  /** The attached application profiles (the control plane's store), if any. */
  get applicationProfiles(): ApplicationProfileLookup | undefined {
    return this.applications;
  }

  resolve(modelId: string): ResolvedModelId | undefined {
    const arn = ARN.exec(modelId);
    if (arn) {
      const [, region, , kind, id] = arn;
      const profile = kind === 'application-inference-profile' ? this.applications?.get(id) : this.catalog.systemProfiles.get(id);
      if (!profile) return undefined;
      if (kind === 'foundation-model' && profile.type !== 'FOUNDATION_MODEL') return undefined;
      if (kind === 'inference-profile' && profile.type !== 'SYSTEM_DEFINED') return undefined;
      if (kind === 'foundation-model' && region) return { profile: this.arnRegionProfile(profile, region), arnRegion: region };
      return { profile, arnRegion: region || undefined };
    }
    const profile = this.catalog.systemProfiles.get(modelId) ?? this.applications?.get(modelId);
    return profile ? { profile } : undefined;
  }

  private arnRegionProfile(profile: InferenceProfile, regionId: string): InferenceProfile {
    const key = `${profile.id}\u0000${regionId}`;
    const known = this.arnProfiles.get(key);
    if (known !== undefined) return known;
    const pinned: InferenceProfile = Object.freeze({ ...profile, scope: Object.freeze({ kind: 'arn-region' as const, regionId }) });
    // An ARN of an unknown region is refused by the boundary; only configured regions are worth keeping.
    if (this.catalog.regions.has(regionId)) this.arnProfiles.set(key, pinned);
    return pinned;
  }

  /** Every profile a client can call: system-defined, bare model ids, then application profiles. */
  list(): InferenceProfile[] {
    return [...this.catalog.systemProfiles.values(), ...(this.applications?.list?.() ?? [])];
  }
}
