/** `georoute audit export`: matching records as a CloudTrail log file (`{"Records":[...]}`) or JSON lines. */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { CommandSpec } from '../command-contract.js';
import { iterateAuditRecords } from '../../audit/query-audit-records.js';
import { writeAuditExport, type AuditExportFormat } from '../../audit/export-audit-records.js';
import { auditFiltersFrom, recordFilterOptions, regionOption, withAuditStores } from './audit-command-options.js';

export const auditExportCommand: CommandSpec = {
  name: ['audit', 'export'],
  summary: 'export audit records as CloudTrail JSON or JSON lines',
  options: [
    regionOption('Only this source region (default: every store).'),
    ...recordFilterOptions,
    { name: 'format', type: 'string', valueName: 'FORMAT', choices: ['cloudtrail', 'jsonl'], default: 'cloudtrail', description: 'cloudtrail ({"Records":[...]}) or jsonl.' },
    { name: 'out', type: 'string', valueName: 'FILE', description: 'Write to FILE instead of stdout.' },
  ],
  async run(context) {
    const { options } = context;
    const filters = auditFiltersFrom(options);
    const format: AuditExportFormat = options.format === 'jsonl' ? 'jsonl' : 'cloudtrail';
    const loaded = await context.loadConfig();
    const file = options.out === undefined ? undefined : String(options.out);
    const count = await withAuditStores(loaded, filters.region, async (stores) => {
      const records = iterateAuditRecords(stores, filters);
      if (!file) return writeAuditExport(records, format, context.stdout);
      const out = createWriteStream(file, { flags: 'wx' });
      try {
        const written = await writeAuditExport(records, format, out);
        out.end();
        await finished(out);
        return written;
      } catch (error) {
        out.destroy();
        throw error;
      }
    });
    if (file) context.stderr.write(`exported ${count} records to ${file}\n`);
    return 0;
  },
};
