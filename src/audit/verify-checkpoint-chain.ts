/**
 * The checks on a store's checkpoints and on the digests kept outside it, once its record chain was walked:
 * - checkpoint-signature-mismatch: a checkpoint was not signed with the key (forged or edited);
 * - checkpoint-chain-broken: a checkpoint does not name the signature of the one before it (one was deleted);
 * - checkpoint-out-of-schedule: more records between two checkpoints (or after the last) than the schedule allows
 *   (checkpoints deleted at the tail, or records added by someone who cannot sign);
 * - checkpoint-beyond-tip / truncated: a checkpoint or digest names a sequence the store no longer has;
 * - checkpoint-hash-mismatch / digest-hash-mismatch: history rewritten with every hash recomputed; the first bad
 *   sequence is the first record after the last checkpoint that still matches (the rewrite starts in that range);
 * - checkpoint-deleted: a digest has no checkpoint in the store; digest-missing: a checkpoint (other than the newest,
 *   whose digest a crash can lose) has no digest; digest-signature-mismatch: a digest not signed with the key.
 */
import { checkpointSignatureValid, FIRST_CHECKPOINT_PREV, type AuditCheckpoint } from './audit-checkpoint.js';

export type CheckpointProblem =
  | 'checkpoint-signature-mismatch'
  | 'checkpoint-chain-broken'
  | 'checkpoint-out-of-schedule'
  | 'checkpoint-beyond-tip'
  | 'checkpoint-hash-mismatch'
  | 'checkpoint-deleted'
  | 'truncated'
  | 'digest-hash-mismatch'
  | 'digest-missing'
  | 'digest-signature-mismatch';

export interface CheckpointSchedule {
  everyRecords: number;
  /** The most records one append transaction holds (`audit.commit.maxBatch`). */
  maxBatch: number;
}

export interface CheckpointCheckInput {
  checkpoints: readonly AuditCheckpoint[];
  digests?: readonly AuditCheckpoint[];
  /** Hash of the record at each checkpointed or digested sequence the store has. */
  hashAt: ReadonlyMap<number, string>;
  tip: number;
  key?: string;
  schedule?: CheckpointSchedule;
}

export interface CheckpointFinding {
  sequence: number;
  problem: CheckpointProblem;
  detail: string;
}

export function checkCheckpoints(input: CheckpointCheckInput): CheckpointFinding | undefined {
  const { checkpoints, tip, key, schedule } = input;
  const findings: CheckpointFinding[] = [];
  let lastGood = 0;
  // Records rewritten with every hash recomputed: the rewrite starts after the last pin that still matches.
  const rewritten = (pin: AuditCheckpoint, kind: 'checkpoint' | 'digest'): CheckpointFinding => ({
    sequence: lastGood + 1,
    problem: kind === 'checkpoint' ? 'checkpoint-hash-mismatch' : 'digest-hash-mismatch',
    detail: `the ${kind} signed at ${pin.time} pins ${short(pin.hash)} for record ${pin.sequence}, which now hashes to ${short(input.hashAt.get(pin.sequence) ?? '')}: records ${lastGood + 1} to ${pin.sequence} were rewritten (the first changed record is among them)`,
  });

  const pins = [...checkpoints.map((c) => ({ c, kind: 'checkpoint' as const })), ...(input.digests ?? []).map((c) => ({ c, kind: 'digest' as const }))]
    .sort((a, b) => a.c.sequence - b.c.sequence);
  for (const { c, kind } of pins) {
    const hash = input.hashAt.get(c.sequence);
    if (c.sequence > tip) break;
    if (hash !== c.hash) {
      findings.push(rewritten(c, kind));
      break;
    }
    lastGood = c.sequence;
  }

  let previous: AuditCheckpoint | undefined;
  for (const checkpoint of checkpoints) {
    if (checkpoint.sequence > tip) {
      findings.push({ sequence: tip + 1, problem: 'checkpoint-beyond-tip', detail: `a checkpoint signed at ${checkpoint.time} pins sequence ${checkpoint.sequence}, but the store ends at ${tip}: records were removed` });
      break;
    }
    if (key !== undefined && !checkpointSignatureValid(key, checkpoint)) {
      findings.push({ sequence: checkpoint.sequence, problem: 'checkpoint-signature-mismatch', detail: `the checkpoint at sequence ${checkpoint.sequence} does not carry a valid signature for this key` });
      break;
    }
    if (checkpoint.prevSignature !== (previous?.signature ?? FIRST_CHECKPOINT_PREV)) {
      const after = previous ? `the checkpoint at ${previous.sequence}` : 'the start of the store';
      findings.push({ sequence: (previous?.sequence ?? 0) + 1, problem: 'checkpoint-chain-broken', detail: `the checkpoint at sequence ${checkpoint.sequence} does not name ${after} as its predecessor: a checkpoint between them was deleted` });
      break;
    }
    if (schedule && checkpoint.sequence - (previous?.sequence ?? 0) > schedule.everyRecords + schedule.maxBatch - 1) {
      findings.push(outOfSchedule(previous?.sequence ?? 0, checkpoint.sequence, schedule));
      break;
    }
    previous = checkpoint;
  }
  if (schedule && findings.length === 0 && tip - (previous?.sequence ?? 0) > schedule.everyRecords + schedule.maxBatch - 1) {
    findings.push(outOfSchedule(previous?.sequence ?? 0, tip, schedule));
  }

  if (input.digests) {
    const stored = new Map(checkpoints.map((c) => [c.sequence, c]));
    const digested = new Set(input.digests.map((d) => d.sequence));
    for (const digest of input.digests) {
      if (key !== undefined && !checkpointSignatureValid(key, digest)) {
        findings.push({ sequence: digest.sequence, problem: 'digest-signature-mismatch', detail: `the digest of sequence ${digest.sequence} does not carry a valid signature for this key` });
        break;
      }
      if (digest.sequence > tip) {
        findings.push({ sequence: tip + 1, problem: 'truncated', detail: `the digest signed at ${digest.time} says the store held ${digest.sequence} records; it ends at ${tip}: records were removed` });
        break;
      }
      if (stored.get(digest.sequence)?.signature !== digest.signature) {
        findings.push({ sequence: digest.sequence, problem: 'checkpoint-deleted', detail: `the digest of sequence ${digest.sequence} (signed at ${digest.time}) has no matching checkpoint in the store: checkpoints were deleted or replaced` });
        break;
      }
    }
    const undigested = checkpoints.slice(0, -1).find((c) => !digested.has(c.sequence));
    if (undigested) {
      findings.push({ sequence: undigested.sequence, problem: 'digest-missing', detail: `the checkpoint at sequence ${undigested.sequence} has no digest in the digest sink: digests were deleted` });
    }
  }
  // What the records say comes first (a rewrite or a cut names the records concerned), then the bookkeeping of
  // checkpoints and digests; within each, the earliest sequence.
  const rank = (f: CheckpointFinding) => (CONTENT_PROBLEMS.has(f.problem) ? 0 : 1);
  return findings.sort((a, b) => rank(a) - rank(b) || a.sequence - b.sequence)[0];
}

const CONTENT_PROBLEMS: ReadonlySet<CheckpointProblem> = new Set(['checkpoint-hash-mismatch', 'digest-hash-mismatch', 'truncated', 'checkpoint-beyond-tip']);

function outOfSchedule(from: number, to: number, schedule: CheckpointSchedule): CheckpointFinding {
  return {
    sequence: from + 1,
    problem: 'checkpoint-out-of-schedule',
    detail: `records ${from + 1} to ${to} are covered by no checkpoint, more than the schedule allows (${schedule.everyRecords} records plus a batch of ${schedule.maxBatch}): checkpoints were deleted, or records added without the key`,
  };
}

function short(hash: string): string {
  return `${hash.slice(0, 12)}...`;
}
