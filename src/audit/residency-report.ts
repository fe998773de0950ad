/**
 * The residency report a compliance team hands over: per source region and profile, how many requests, where
 * they were processed, how many ran outside the source region (spillover, allowed inside the boundary) and how
 * many ran outside the boundary recorded at request time (must be zero), plus whether the region's hash chain
 * verifies; and the same per identity across all regions. Reads the stores as they are; the boundary is the one
 * stored in each record, not recomputed. A request served by a deployment whose upstream routes on its own counts
 * as inside only when its whole recorded candidate set is inside.
 */
import type { AuditRecord } from './audit-record.js';
import type { AuditStore } from './audit-store-contract.js';
import { iterateAuditRecords } from './query-audit-records.js';
import { verifyAuditStore, type VerifyOptions, type VerifyResult } from './verify-audit-store.js';

const MAX_LISTED_VIOLATIONS = 100;
export const UNRESOLVED_PROFILE = '(unresolved)';

export interface ResidencyProfileRow {
  profileId: string;
  requests: number;
  /** Requests that reached a deployment (have an inference region). */
  processed: number;
  /** Processed requests by inference region. */
  destinations: Record<string, number>;
  /** Processed in a known region other than the source region. */
  spillover: number;
  /** Served by a deployment whose upstream routes on its own: the record names a candidate set. */
  delegated: number;
  /** spillover / processed, 0 when nothing was processed. */
  spilloverShare: number;
  /** Processed in a region not in the boundary recorded with the request. */
  outsideBoundary: number;
  /** Processed requests whose record carries no boundary (written before boundaries were recorded). */
  withoutBoundary: number;
  failures: number;
}

export interface BoundaryViolation {
  sequence: number;
  requestID: string;
  eventTime: string;
  profileId: string;
  /** The region it ran in, or `one of a, b` for a candidate set. */
  inferenceRegion: string;
  /** The regions of the record outside its boundary. */
  outside: string[];
  boundary: string[];
}

/** Per identity (`<type>:<principalId>`), across every source region. */
export interface ResidencyIdentityRow {
  identity: string;
  requests: number;
  processed: number;
  spillover: number;
  delegated: number;
  outsideBoundary: number;
  /** Refused with access_denied (e.g. a source region the identity may not claim). */
  refused: number;
  failures: number;
}

export interface ResidencyRegionReport {
  region: string;
  requests: number;
  outsideBoundary: number;
  profiles: ResidencyProfileRow[];
  /** The first violations (at most 100) with what is needed to look them up. */
  violations: BoundaryViolation[];
  /** Verification of the whole store (not only the period). */
  verification: VerifyResult;
}

export interface ResidencyReport {
  generatedAt: string;
  from?: string;
  to?: string;
  regions: ResidencyRegionReport[];
  identities: ResidencyIdentityRow[];
  totals: { requests: number; spillover: number; outsideBoundary: number; chainsOk: boolean };
}

export interface ResidencyReportInput {
  stores: readonly AuditStore[];
  from?: string;
  to?: string;
  verify?: VerifyOptions;
  now?: Date;
}

export async function buildResidencyReport(input: ResidencyReportInput): Promise<ResidencyReport> {
  const regions: ResidencyRegionReport[] = [];
  const identities = new Map<string, ResidencyIdentityRow>();
  for (const store of [...input.stores].sort((a, b) => (a.region < b.region ? -1 : 1))) {
    const profiles = new Map<string, ResidencyProfileRow>();
    const violations: BoundaryViolation[] = [];
    let requests = 0;
    for await (const stored of iterateAuditRecords([store], { from: input.from, to: input.to })) {
      requests += 1;
      const violation = addRecord(profiles, identities, stored.record);
      if (violation && violations.length < MAX_LISTED_VIOLATIONS) violations.push({ sequence: stored.sequence, ...violation });
    }
    const rows = [...profiles.values()].sort((a, b) => (a.profileId < b.profileId ? -1 : 1));
    for (const row of rows) row.spilloverShare = row.processed === 0 ? 0 : row.spillover / row.processed;
    regions.push({
      region: store.region,
      requests,
      outsideBoundary: rows.reduce((n, r) => n + r.outsideBoundary, 0),
      profiles: rows,
      violations,
      verification: await verifyAuditStore(store, input.verify),
    });
  }
  const sum = (pick: (r: ResidencyRegionReport) => number) => regions.reduce((n, r) => n + pick(r), 0);
  return {
    generatedAt: (input.now ?? new Date()).toISOString(),
    from: input.from,
    to: input.to,
    regions,
    identities: [...identities.values()].sort((a, b) => (a.identity < b.identity ? -1 : 1)),
    totals: {
      requests: sum((r) => r.requests),
      spillover: sum((r) => r.profiles.reduce((n, p) => n + p.spillover, 0)),
      outsideBoundary: sum((r) => r.outsideBoundary),
      chainsOk: regions.every((r) => r.verification.ok),
    },
  };
}

/** What a record says about where it was processed, and which of those regions lie outside its boundary. */
export function recordedProcessing(record: AuditRecord): { regions: string[]; delegated: boolean; outside: string[] | undefined } {
  const data = record.additionalEventData;
  const candidates = data.inferenceRegionCandidates;
  const regions = [...new Set([...(data.inferenceRegion === undefined ? [] : [data.inferenceRegion]), ...(candidates ?? [])])];
  const outside = data.boundary === undefined ? undefined : regions.filter((r) => !data.boundary?.includes(r));
  return { regions, delegated: candidates !== undefined, outside };
}

function addRecord(
  profiles: Map<string, ResidencyProfileRow>,
  identities: Map<string, ResidencyIdentityRow>,
  record: AuditRecord,
): Omit<BoundaryViolation, 'sequence'> | undefined {
  const data = record.additionalEventData;
  const profileId = data.profileId ?? UNRESOLVED_PROFILE;
  let row = profiles.get(profileId);
  if (!row) {
    row = { profileId, requests: 0, processed: 0, destinations: {}, spillover: 0, spilloverShare: 0, delegated: 0, outsideBoundary: 0, withoutBoundary: 0, failures: 0 };
    profiles.set(profileId, row);
  }
  const identityKey = `${record.userIdentity.type}:${record.userIdentity.principalId}`;
  let who = identities.get(identityKey);
  if (!who) {
    who = { identity: identityKey, requests: 0, processed: 0, spillover: 0, delegated: 0, outsideBoundary: 0, refused: 0, failures: 0 };
    identities.set(identityKey, who);
  }
  row.requests += 1;
  who.requests += 1;
  if (data.outcome === 'failure') {
    row.failures += 1;
    who.failures += 1;
  }
  if (record.errorCode === 'access_denied') who.refused += 1;
  const processing = recordedProcessing(record);
  if (processing.regions.length === 0) return undefined;
  const inference = data.inferenceRegion ?? `one of ${processing.regions.join(', ')}`;
  row.processed += 1;
  who.processed += 1;
  row.destinations[inference] = (row.destinations[inference] ?? 0) + 1;
  if (processing.delegated) {
    row.delegated += 1;
    who.delegated += 1;
  }
  if (data.inferenceRegion !== undefined && data.inferenceRegion !== record.awsRegion) {
    row.spillover += 1;
    who.spillover += 1;
  }
  if (processing.outside === undefined || !data.boundary) {
    row.withoutBoundary += 1;
    return undefined;
  }
  if (processing.outside.length === 0) return undefined;
  row.outsideBoundary += 1;
  who.outsideBoundary += 1;
  return { requestID: record.requestID, eventTime: record.eventTime, profileId, inferenceRegion: inference, outside: processing.outside, boundary: data.boundary };
}
