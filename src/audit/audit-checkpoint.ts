/**
 * Signed checkpoints of a region's hash chain: HMAC-SHA256, keyed with the secret named by
 * `audit.checkpoint.keyEnv`, over the canonical JSON of { region, sequence, hash, time, prevSignature }. A
 * checkpoint pins the chain up to `sequence`: rewriting history (even recomputing every later hash) or cutting off
 * the tail no longer goes unnoticed by someone who holds the key. Checkpoints form their own chain: each names the
 * signature of the one before (64 zeros for the first), so deleting one breaks the next.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { ChainTip } from './audit-chain-hash.js';

export interface AuditCheckpoint {
  region: string;
  sequence: number;
  hash: string;
  /** ISO-8601 time the checkpoint was signed. */
  time: string;
  /** The signature of the previous checkpoint of this region, or 64 zeros for the first. */
  prevSignature: string;
  /** Lower-case hex HMAC-SHA256. */
  signature: string;
}

export type UnsignedCheckpoint = Omit<AuditCheckpoint, 'signature'>;

export const FIRST_CHECKPOINT_PREV = '0'.repeat(64);

export function signCheckpoint(key: string, checkpoint: UnsignedCheckpoint): string {
  const { region, sequence, hash, time, prevSignature } = checkpoint;
  return createHmac('sha256', key).update(canonicalJson({ region, sequence, hash, time, prevSignature }), 'utf8').digest('hex');
}

export function checkpointSignatureValid(key: string, checkpoint: AuditCheckpoint): boolean {
  const expected = Buffer.from(signCheckpoint(key, checkpoint), 'hex');
  const actual = Buffer.from(checkpoint.signature, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Decides when a store writes a checkpoint, and signs it. */
export interface ChainCheckpointer {
  /**
   * The checkpoint to store for `tip`, or undefined when none is due: `force` signs any tip that moved past the
   * last checkpoint; otherwise one is due every `everyRecords` records or once `everyMs` passed since the last.
   */
  next(region: string, tip: ChainTip, last: AuditCheckpoint | undefined, now: number, force?: boolean): AuditCheckpoint | undefined;
}

export interface ChainCheckpointerOptions {
  key: string;
  everyRecords: number;
  everyMs: number;
}

export function createChainCheckpointer(options: ChainCheckpointerOptions): ChainCheckpointer {
  const { key, everyRecords, everyMs } = options;
  if (key.length === 0) throw new Error('the audit checkpoint key is empty');
  return {
    next(region, tip, last, now, force = false) {
      const lastSequence = last?.sequence ?? 0;
      if (tip.sequence <= lastSequence) return undefined;
      const lastTime = last ? Date.parse(last.time) : 0;
      const due = force || tip.sequence - lastSequence >= everyRecords || now - lastTime >= everyMs;
      if (!due) return undefined;
      const unsigned = {
        region,
        sequence: tip.sequence,
        hash: tip.hash,
        time: new Date(now).toISOString(),
        prevSignature: last?.signature ?? FIRST_CHECKPOINT_PREV,
      };
      return { ...unsigned, signature: signCheckpoint(key, unsigned) };
    },
  };
}
