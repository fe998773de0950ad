/** Reads the audit records a test gateway committed for one source region, straight from its SQLite store. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface StoredAuditRecord {
  requestID: string;
  eventName: string;
  awsRegion: string;
  errorCode?: string;
  errorMessage?: string;
  userIdentity: Record<string, unknown>;
  requestParameters: { modelId: string };
  additionalEventData: Record<string, unknown> & { inferenceRegion?: string; clientRequestId?: string; attempts: Array<Record<string, unknown>> };
}

export function readAuditRecords(dataDir: string, sourceRegionId: string): StoredAuditRecord[] {
  const path = join(dataDir, 'audit', `${sourceRegionId}.sqlite`);
  if (!existsSync(path)) return [];
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT record_json FROM audit_records ORDER BY sequence').all() as Array<{ record_json: string }>).map(
      (row) => JSON.parse(row.record_json) as StoredAuditRecord,
    );
  } finally {
    db.close();
  }
}
