/**
 * Readiness of the audit stage. No response is sent without its record, so a store that cannot take records
 * makes the gateway not ready. Stores open on first use per source region: each open store checks itself, and
 * before any is open the check asks what the first one would need (a writable audit directory, or PostgreSQL).
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { describeFailure, type DependencyHealth } from '../observability/dependency-health.js';
import type { AuditStore } from './audit-store-contract.js';

export interface AuditTrailHealthInput {
  /** The stores opened so far (a store that failed to open is already forgotten by the trail). */
  stores: ReadonlyArray<Promise<AuditStore>>;
  dataDir: string;
  pool?: Pool;
}

export async function checkAuditTrailHealth(input: AuditTrailHealthInput): Promise<DependencyHealth> {
  const opened = await Promise.allSettled(input.stores);
  const failures: string[] = [];
  for (const result of opened) {
    if (result.status === 'rejected') {
      failures.push(`an audit store could not be opened (${describeFailure(result.reason)})`);
      continue;
    }
    const health = await result.value.checkHealth();
    if (!health.ready) failures.push(health.detail ?? `the audit store of ${result.value.region} is not ready`);
  }
  const first = await beforeFirstStore(input);
  if (!first.ready) failures.push(first.detail ?? 'the audit store cannot be opened');
  return failures.length === 0 ? { ready: true } : { ready: false, detail: failures.join('; ') };
}

/** What opening a region's store needs, checked without writing a record. */
async function beforeFirstStore(input: AuditTrailHealthInput): Promise<DependencyHealth> {
  if (input.pool) {
    try {
      await input.pool.query('SELECT 1');
      return { ready: true };
    } catch (error) {
      return { ready: false, detail: `PostgreSQL did not answer (${describeFailure(error)})` };
    }
  }
  const directory = join(input.dataDir, 'audit');
  try {
    mkdirSync(directory, { recursive: true });
    accessSync(directory, constants.W_OK);
    return { ready: true };
  } catch (error) {
    return { ready: false, detail: `the audit directory ${directory} is not writable (${describeFailure(error)})` };
  }
}
