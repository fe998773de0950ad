/**
 * The SQLite response store: one database file per source region, `<dataDir>/responses/<region>.sqlite`, beside
 * that region's audit store (`<dataDir>/audit/<region>.sqlite`). Expired rows are never returned and are deleted
 * on every write.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { ResponseStore, StoredResponse } from './response-store-contract.js';

export function sqliteResponseStorePath(dataDir: string, region: string): string {
  return join(dataDir, 'responses', `${region}.sqlite`);
}

interface Row {
  id: string;
  owner_id: string;
  created_at_ms: number;
  expires_at_ms: number;
  input_items: string;
  response: string;
}

export function openSqliteResponseStore(path: string, sourceRegionId: string): ResponseStore {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS responses (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    input_items TEXT NOT NULL,
    response TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS responses_expiry ON responses (expires_at_ms);`);
  const insert = db.prepare('INSERT OR REPLACE INTO responses (id, owner_id, created_at_ms, expires_at_ms, input_items, response) VALUES (?, ?, ?, ?, ?, ?)');
  const select = db.prepare<[string, string, number], Row>('SELECT * FROM responses WHERE id = ? AND owner_id = ? AND expires_at_ms > ?');
  const purge = db.prepare('DELETE FROM responses WHERE expires_at_ms <= ?');
  return {
    sourceRegionId,
    put(record: StoredResponse) {
      purge.run(record.createdAtMs);
      insert.run(record.id, record.ownerId, record.createdAtMs, record.expiresAtMs, JSON.stringify(record.inputItems), JSON.stringify(record.response));
    },
    get(id, ownerId, nowMs) {
      const row = select.get(id, ownerId, nowMs);
      if (row === undefined) return undefined;
      return {
        id: row.id,
        sourceRegionId,
        ownerId: row.owner_id,
        createdAtMs: row.created_at_ms,
        expiresAtMs: row.expires_at_ms,
        inputItems: JSON.parse(row.input_items) as unknown[],
        response: JSON.parse(row.response) as Record<string, unknown>,
      };
    },
    purgeExpired(nowMs) {
      return purge.run(nowMs).changes;
    },
    close() {
      db.close();
    },
  };
}
