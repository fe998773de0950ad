/** `georoute spend`: cost and tokens from the audit records, grouped by region, profile, model, identity or a tag. */
import type { CommandSpec } from '../command-contract.js';
import { formatTable } from '../format-table.js';
import { iterateAuditRecords } from '../../audit/query-audit-records.js';
import { createSpendAggregator, formatSpendDimension, parseSpendDimension, type SpendRow } from '../../billing/aggregate-spend.js';
import { printLimitUse } from './spend-limits-report.js';
import { auditFiltersFrom, regionOption, timeRangeOptions, withAuditStores } from './audit-command-options.js';

export const spendCommand: CommandSpec = {
  name: ['spend'],
  summary: 'sum cost and tokens over the audit records',
  description: 'Cost is at the source region\'s price after the pricing-tier discount, summed exactly and rounded once to the micro-unit.',
  options: [
    ...timeRangeOptions,
    { name: 'by', type: 'string', valueName: 'DIMENSION', default: 'region', description: 'region, profile, model, identity or tag:<key> (application-profile tags).' },
    regionOption('Only this source region (default: every store).'),
    { name: 'format', type: 'string', valueName: 'FORMAT', choices: ['table', 'json'], default: 'table', description: 'table or json.' },
    { name: 'limits', type: 'boolean', description: 'Show use against each key\'s and team\'s limits (budgets, requests/min, tokens/min) instead.' },
  ],
  async run(context) {
    if (context.options.limits === true) return printLimitUse(context);
    const by = parseSpendDimension(String(context.options.by ?? 'region'));
    const filters = auditFiltersFrom(context.options);
    const loaded = await context.loadConfig();
    const aggregator = createSpendAggregator(by);
    await withAuditStores(loaded, filters.region, async (stores) => {
      for await (const { record } of iterateAuditRecords(stores, filters)) aggregator.add(record);
    });
    const rows = aggregator.rows();
    const totals = aggregator.totals();
    if (context.options.format === 'json') {
      const result = { by: formatSpendDimension(by), from: filters.from, to: filters.to, rows, totals };
      context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      const header = [formatSpendDimension(by).toUpperCase(), 'REQUESTS', 'INPUT TOKENS', 'CACHE READ', 'CACHE WRITE', 'OUTPUT TOKENS', 'COST', 'CURRENCY'];
      context.stdout.write(formatTable(header, [...rows, ...totals.map((t) => ({ ...t, key: 'TOTAL' }))].map(spendRow)));
    }
    return 0;
  },
};

function spendRow(row: SpendRow): string[] {
  return [row.key, String(row.requests), String(row.inputTokens), String(row.cacheReadInputTokens), String(row.cacheWriteInputTokens), String(row.outputTokens), row.amount, row.currency];
}
