import { after, describe } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteSqlDatabase } from '../../src/state/sqlite-sql-database.js';
import { runSqliteStateMigrations } from '../../src/state/run-state-migrations.js';
import { stateStoreCases } from './state-store-cases.js';

describe('shared-state stores on embedded SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'georoute-state-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  stateStoreCases(async () => {
    const path = join(dir, `state-${++n}.sqlite`);
    const db = openSqliteSqlDatabase(path);
    runSqliteStateMigrations(db.raw, path);
    return db;
  });
});
