/**
 * The columns a store indexes for queries, all derived from the record itself (verification re-derives them
 * and reports a row whose columns do not match its record).
 */
import type { AuditOutcome, AuditRecord } from './audit-record.js';

export interface AuditIndexColumns {
  eventTime: string;
  inferenceRegion: string | null;
  profileId: string | null;
  identity: string;
  outcome: AuditOutcome;
}

export function auditIndexColumnsOf(record: AuditRecord): AuditIndexColumns {
  const data = record.additionalEventData;
  return {
    eventTime: record.eventTime,
    inferenceRegion: data.inferenceRegion ?? null,
    profileId: data.profileId ?? null,
    identity: record.userIdentity.principalId,
    outcome: data.outcome,
  };
}

export function sameIndexColumns(a: AuditIndexColumns, b: AuditIndexColumns): boolean {
  return (
    a.eventTime === b.eventTime &&
    a.inferenceRegion === b.inferenceRegion &&
    a.profileId === b.profileId &&
    a.identity === b.identity &&
    a.outcome === b.outcome
  );
}
