/**
 * Resolves the model id a client sent into an inference profile. Accepted forms: a system profile id
 * (`eu.amazon.nova-2-lite-v1:0`), a foundation-model id, their ARNs
 * (`arn:aws:bedrock:<region>:<account>:inference-profile/<id>`, `arn:aws:bedrock:<region>::foundation-model/<id>`),
 * and application profile ids or ARNs (`application-inference-profile/<id>`) when an application store is attached.
 */
import { GeorouteError } from '../errors/error-catalog.js';
import type { Catalog, InferenceProfile } from './catalog-types.js';

export interface ApplicationProfileLookup {
  /** Must be a memory lookup: it runs on every request. */
  get(id: string): InferenceProfile | undefined;
  /** Every application profile, for listings. */
  list?(): readonly InferenceProfile[];
}

export interface ResolvedModelId {
  profile: InferenceProfile;
  /** The region named in an ARN, if any. */
  arnRegion?: string;
}

const ARN = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]*):(\d*):(inference-profile|application-inference-profile|foundation-model)\/(.+)$/;

/**
 * A foundation-model ARN names the one region it runs in (`arn:aws:bedrock:eu-west-1::foundation-model/...`), and a
 * bare model id runs in the source region only: a request whose source region differs from the ARN's would run
 * somewhere its ARN does not say. Refused, never re-interpreted (Bedrock refuses it too).
 */
export function assertArnRegionMatches(resolved: ResolvedModelId, sourceRegionId: string): void {
  if (resolved.profile.type !== 'FOUNDATION_MODEL' || resolved.arnRegion === undefined || resolved.arnRegion === sourceRegionId) return;
  throw new GeorouteError(
    'invalid_request',
    `The foundation-model ARN names region ${resolved.arnRegion}, but this request's source region is ${sourceRegionId}. Call it from ${resolved.arnRegion}, or use a cross-region inference profile.`,
    { param: 'model' },
  );
}

export class ProfileResolver {
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
      return { profile, arnRegion: region || undefined };
    }
    const profile = this.catalog.systemProfiles.get(modelId) ?? this.applications?.get(modelId);
    return profile ? { profile } : undefined;
  }

  /** Every profile a client can call: system-defined, bare model ids, then application profiles. */
  list(): InferenceProfile[] {
    return [...this.catalog.systemProfiles.values(), ...(this.applications?.list?.() ?? [])];
  }
}
