/**
 * Checkpoint digests: every signed checkpoint is also written OUTSIDE the audit database, so that deleting or
 * truncating a store, deleting its checkpoints, or rewriting its tail is caught by comparing the store with the
 * digests (CloudTrail's digest files play this part). One contract, so an object store with retention (S3 Object
 * Lock, GCS retention) can implement it later; the first implementation is a directory per source region:
 * `<digestDir>/<region>/<sequence, 16 digits>.json`, each file the checkpoint's canonical JSON, written once
 * (exclusive create) and fsynced.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AuditCheckpoint } from './audit-checkpoint.js';
import { canonicalJson } from './canonical-json.js';

export interface CheckpointDigestSink {
  /** Where the digests live, for messages. */
  readonly location: string;
  /** Stores one checkpoint's digest; writing the same checkpoint twice is harmless, a different one is refused. */
  write(checkpoint: AuditCheckpoint): Promise<void>;
  /** The digests of one region, ascending by sequence. */
  read(region: string): Promise<AuditCheckpoint[]>;
  /** Every region that has digests: each of them must have a store. */
  regions(): Promise<string[]>;
}

const REGION_NAME = /^[a-z0-9-]{1,64}$/;

export function createDirectoryDigestSink(directory: string): CheckpointDigestSink {
  const fileOf = (region: string, sequence: number) => join(directory, region, `${String(sequence).padStart(16, '0')}.json`);
  return {
    location: directory,
    async write(checkpoint) {
      if (!REGION_NAME.test(checkpoint.region)) throw new Error(`"${checkpoint.region}" is not usable as a digest directory name`);
      mkdirSync(join(directory, checkpoint.region), { recursive: true });
      const path = fileOf(checkpoint.region, checkpoint.sequence);
      const text = `${canonicalJson(checkpoint)}\n`;
      let fd: number;
      try {
        fd = openSync(path, 'wx');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST' && readFileSync(path, 'utf8') === text) return;
        throw error;
      }
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    async read(region) {
      const dir = join(directory, region);
      if (!existsSync(dir)) return [];
      return readdirSync(dir)
        .filter((name) => /^\d{16}\.json$/.test(name))
        .sort()
        .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as AuditCheckpoint);
    },
    async regions() {
      if (!existsSync(directory)) return [];
      return readdirSync(directory, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && REGION_NAME.test(entry.name))
        .map((entry) => entry.name)
        .sort();
    },
  };
}

/** The digest sink a configuration names: `audit.checkpoint.digestDir`, relative to the data directory. */
export function configuredDigestSink(checkpoint: { digestDir: string } | undefined, dataDir: string): CheckpointDigestSink | undefined {
  return checkpoint ? createDirectoryDigestSink(resolve(dataDir, checkpoint.digestDir)) : undefined;
}
