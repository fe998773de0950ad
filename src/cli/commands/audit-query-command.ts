/** `georoute audit query`: one page of audit records of a source region (or all), as a table or JSON lines. */
import type { CommandSpec } from '../command-contract.js';
import { formatTable } from '../format-table.js';
import { queryAuditRecords } from '../../audit/query-audit-records.js';
import type { StoredAuditRecord } from '../../audit/audit-record.js';
import { canonicalJson } from '../../audit/canonical-json.js';
import { formatAttosAsAmount, parsePicosToAttos } from '../../billing/exact-money.js';
import { auditFiltersFrom, recordFilterOptions, regionOption, withAuditStores } from './audit-command-options.js';

export const auditQueryCommand: CommandSpec = {
  name: ['audit', 'query'],
  summary: 'list audit records of a source region',
  description: 'Records are listed in commit order. When more match than --limit, the command prints the --cursor of the next page on stderr.',
  options: [
    regionOption('Source region whose records to list, or "all".', true),
    ...recordFilterOptions,
    { name: 'limit', type: 'number', valueName: 'N', default: 100, description: 'Records per page.' },
    { name: 'cursor', type: 'string', valueName: 'CURSOR', description: 'Continue after the page that printed this cursor.' },
    { name: 'format', type: 'string', valueName: 'FORMAT', choices: ['table', 'json'], default: 'table', description: 'table, or json (one record per line).' },
  ],
  async run(context) {
    const { options } = context;
    if (options.region === undefined) throw new RangeError('--region is required: a source region, or "all"');
    const filters = auditFiltersFrom(options);
    const loaded = await context.loadConfig();
    const limit = Number(options.limit ?? 100);
    const cursor = options.cursor === undefined ? undefined : String(options.cursor);
    const page = await withAuditStores(loaded, filters.region, (stores) => queryAuditRecords(stores, filters, { limit, cursor }));
    if (options.format === 'json') {
      for (const stored of page.records) context.stdout.write(`${canonicalJson(stored.record)}\n`);
    } else {
      context.stdout.write(formatTable(QUERY_HEADER, page.records.map(queryRow)));
    }
    if (page.nextCursor) context.stderr.write(`more records: --cursor ${page.nextCursor}\n`);
    return 0;
  },
};

const QUERY_HEADER = ['REGION', 'SEQ', 'TIME', 'EVENT', 'PROFILE', 'INFERENCE', 'IDENTITY', 'OUTCOME', 'IN', 'OUT', 'COST'];

function queryRow({ region, sequence, record }: StoredAuditRecord): string[] {
  const data = record.additionalEventData;
  const cost = data.cost ? `${formatAttosAsAmount(parsePicosToAttos(data.cost.picos))} ${data.cost.currency}` : '-';
  return [
    region,
    String(sequence),
    record.eventTime,
    record.eventName,
    data.profileId ?? record.requestParameters.modelId,
    data.inferenceRegion ?? '-',
    record.userIdentity.principalId,
    record.errorCode ? `failure:${record.errorCode}` : data.outcome,
    String(data.inputTokens),
    String(data.outputTokens),
    cost,
  ];
}
