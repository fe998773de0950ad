/**
 * Export: CloudTrail's log-file shape `{"Records":[...]}` or JSON lines (one record per line), streamed to a
 * writable with back-pressure so an export of millions of records holds one page in memory.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { StoredAuditRecord } from './audit-record.js';
import { canonicalJson } from './canonical-json.js';

export type AuditExportFormat = 'cloudtrail' | 'jsonl';

/** Writes every record; resolves with the count. Does not end `out`. */
export async function writeAuditExport(
  records: AsyncIterable<StoredAuditRecord>,
  format: AuditExportFormat,
  out: Writable,
): Promise<number> {
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let count = 0;
  if (format === 'cloudtrail') await write('{"Records":[');
  for await (const { record } of records) {
    const json = canonicalJson(record);
    if (format === 'cloudtrail') await write(`${count === 0 ? '\n' : ',\n'}${json}`);
    else await write(`${json}\n`);
    count += 1;
  }
  if (format === 'cloudtrail') await write(count === 0 ? ']}\n' : '\n]}\n');
  return count;
}
