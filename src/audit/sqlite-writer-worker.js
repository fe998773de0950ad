// The writer thread of one SQLite audit store (sqlite-worker-writer.ts): commits each batch of rows, linked and
// hashed on the main thread, in one IMMEDIATE transaction, so the fsync of the commit blocks this thread instead
// of the gateway's event loop. Plain JavaScript: worker threads do not inherit the tsx loader. Messages are typed
// in sqlite-writer-messages.ts.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { path, synchronous, selectTipSql, insertRecordSql, insertCheckpointSql, emptyTip } = workerData;
if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new Error(`unknown synchronous mode ${synchronous}`);

// The main thread created the file, the schema and WAL mode; synchronous is per connection.
const db = new Database(path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma(`synchronous = ${synchronous}`);
const selectTip = db.prepare(selectTipSql);
const insertRecord = db.prepare(insertRecordSql);
const insertCheckpoint = db.prepare(insertCheckpointSql);

const write = db.transaction((request) => {
  const tip = selectTip.get() ?? emptyTip;
  if (tip.sequence !== request.expectedTip.sequence || tip.hash !== request.expectedTip.hash) {
    throw new Error(`the chain tip of ${path} moved to ${tip.sequence} (another writer?); the batch was linked onto ${request.expectedTip.sequence}`);
  }
  for (const row of request.rows) insertRecord.run(row);
  if (request.checkpoint) insertCheckpoint.run(request.checkpoint);
});

parentPort.on('message', (request) => {
  if (request.type === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    write.immediate(request);
    parentPort.postMessage({ id: request.id, ok: true });
  } catch (error) {
    parentPort.postMessage({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
