/**
 * The audit store's durable commit without holding the event loop for the fsync. The writer connection runs with
 * `synchronous=NORMAL` in WAL mode: a commit writes its WAL frames and returns without a sync, and checkpoints still
 * sync the WAL before copying it and the database after (so the file cannot be corrupted, SQLite's own guarantee
 * for NORMAL). What NORMAL gives up, durability of the last commits across a power cut, is given back here: `append`
 * resolves only after the WAL file has been fdatasync'ed, on libuv's thread pool, while the event loop serves other
 * requests. That is the state `synchronous=FULL` reaches inside the commit: the transaction's frames, commit marker
 * included, are on disk before anyone is told. A prefix of un-synced commits can be lost to a power cut, never
 * acknowledged ones, and the WAL's cumulative checksums keep what survives a valid prefix of the hash chain.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Makes everything written to the store's WAL so far durable. */
export type WalSync = () => Promise<void>;

/**
 * Syncs `<databasePath>-wal`. The file handle is opened at the first sync (the WAL exists once the writer has
 * written), together with one sync of the directory so that the WAL's own entry is durable, as SQLite does when
 * it creates a WAL under `synchronous=FULL`. A failed open is retried at the next sync.
 */
export function createWalSync(databasePath: string): WalSync & { close(): Promise<void> } {
  const walPath = `${databasePath}-wal`;
  let handle: Promise<FileHandle> | undefined;
  const openWal = async (): Promise<FileHandle> => {
    const wal = await open(walPath, 'r+');
    try {
      const directory = await open(dirname(walPath), 'r');
      try {
        await directory.sync();
      } finally {
        await directory.close();
      }
    } catch (error) {
      await wal.close();
      throw error;
    }
    return wal;
  };
  const sync = async (): Promise<void> => {
    handle ??= openWal();
    let wal: FileHandle;
    try {
      wal = await handle;
    } catch (error) {
      handle = undefined;
      throw error;
    }
    await wal.datasync();
  };
  return Object.assign(sync, {
    async close(): Promise<void> {
      const opened = handle;
      handle = undefined;
      await (await opened?.catch(() => undefined))?.close();
    },
  });
}
