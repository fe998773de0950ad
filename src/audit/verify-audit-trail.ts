/**
 * `audit verify` over a whole configuration: every store against its own chain and checkpoints, and against the
 * digests written outside the database. Which stores must exist is known from the configuration's digest sink:
 * every region with digests had a store, so a store deleted outright is `store-missing`, not silently absent.
 * Digests are read before each store's checkpoints and records, so a gateway writing meanwhile causes no alarm.
 */
import type { AuditConfig } from '../config/config-schema.js';
import type { AuditStore } from './audit-store-contract.js';
import type { CheckpointDigestSink } from './checkpoint-digest-sink.js';
import { verifyAuditStore, type VerifyResult } from './verify-audit-store.js';

export interface VerifyTrailInput {
  stores: readonly AuditStore[];
  config: AuditConfig;
  digestSink?: CheckpointDigestSink;
  key?: string;
  /** Only this region (its store is then among `stores`). */
  region?: string;
}

export async function verifyAuditTrail(input: VerifyTrailInput): Promise<VerifyResult[]> {
  const { config, digestSink, key } = input;
  const schedule = config.checkpoint ? { everyRecords: config.checkpoint.everyRecords, maxBatch: config.commit.maxBatch } : undefined;
  const results: VerifyResult[] = [];
  for (const store of input.stores) {
    const digests = digestSink ? await digestSink.read(store.region) : undefined;
    results.push(await verifyAuditStore(store, { key, digests, schedule }));
  }
  if (digestSink) {
    const present = new Set(input.stores.map((s) => s.region));
    const expected = (await digestSink.regions()).filter((r) => input.region === undefined || r === input.region);
    for (const region of expected.filter((r) => !present.has(r))) {
      const digests = await digestSink.read(region);
      const last = digests[digests.length - 1];
      results.push({
        ok: false,
        region,
        location: `${digestSink.location}/${region}`,
        records: 0,
        checkpoints: 0,
        digests: digests.length,
        signaturesChecked: key !== undefined,
        firstBad: {
          sequence: 1,
          problem: 'store-missing',
          detail: `the digest sink holds ${digests.length} digest(s) of this region${last ? `, the last for sequence ${last.sequence} signed at ${last.time}` : ''}, but its audit store does not exist: it was deleted`,
        },
      });
    }
  }
  return results.sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
}
