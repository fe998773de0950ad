/** The SQL of the SQLite audit store, shared by the store (main thread) and its writer worker. */

export const sqliteAuditSchemaSql = `
CREATE TABLE IF NOT EXISTS audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_records (
  sequence INTEGER PRIMARY KEY,
  event_time TEXT NOT NULL,
  inference_region TEXT,
  profile_id TEXT,
  identity TEXT NOT NULL,
  outcome TEXT NOT NULL,
  record_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_records_event_time ON audit_records (event_time);
CREATE INDEX IF NOT EXISTS audit_records_inference_region ON audit_records (inference_region);
CREATE INDEX IF NOT EXISTS audit_records_profile_id ON audit_records (profile_id);
CREATE INDEX IF NOT EXISTS audit_records_identity ON audit_records (identity);
CREATE INDEX IF NOT EXISTS audit_records_outcome ON audit_records (outcome);
CREATE TABLE IF NOT EXISTS audit_checkpoints (
  sequence INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  time TEXT NOT NULL,
  signature TEXT NOT NULL
);`;

export const selectTipSql = 'SELECT sequence, hash FROM audit_records ORDER BY sequence DESC LIMIT 1';

/** Parameters: the values of a SqliteRecordRow, in order. */
export const insertRecordSql = `INSERT INTO audit_records
  (sequence, event_time, inference_region, profile_id, identity, outcome, record_json, prev_hash, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Parameters: the values of a SqliteCheckpointRow, in order. */
export const insertCheckpointSql = 'INSERT INTO audit_checkpoints (sequence, hash, time, signature) VALUES (?, ?, ?, ?)';
