/**
 * The hash chain of a region's store: hash(n) = SHA-256(prevHash(n) || canonicalJson(record n)), both as UTF-8
 * text, prevHash(n) = hash(n - 1), and prevHash(1) = 64 zeros. Hashes are lower-case hex.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export function chainHash(prevHash: string, recordJson: string): string {
  return createHash('sha256').update(prevHash, 'utf8').update(recordJson, 'utf8').digest('hex');
}

/** The last link of a chain: sequence 0 and the genesis hash for an empty store. */
export interface ChainTip {
  sequence: number;
  hash: string;
}

export const EMPTY_CHAIN_TIP: ChainTip = { sequence: 0, hash: GENESIS_HASH };
