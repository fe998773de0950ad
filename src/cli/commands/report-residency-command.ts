/** `georoute report residency`: where requests of each source region and profile were processed, for compliance. */
import type { CommandSpec } from '../command-contract.js';
import { buildResidencyReport } from '../../audit/residency-report.js';
import { renderResidencyReportMarkdown } from '../../audit/render-residency-report.js';
import { auditFiltersFrom, checkpointKeyFrom, regionOption, timeRangeOptions, withAuditStores } from './audit-command-options.js';

export const reportResidencyCommand: CommandSpec = {
  name: ['report', 'residency'],
  summary: 'report where requests were processed, per source region and profile',
  description:
    'Counts requests, destinations, spillover and requests processed outside the boundary recorded with them, and verifies each region\'s hash chain. Exits 1 when a request ran outside its boundary or a chain does not verify.',
  options: [
    ...timeRangeOptions,
    regionOption('Only this source region (default: every store).'),
    { name: 'format', type: 'string', valueName: 'FORMAT', choices: ['markdown', 'json'], default: 'markdown', description: 'markdown or json.' },
  ],
  async run(context) {
    const filters = auditFiltersFrom(context.options);
    const loaded = await context.loadConfig();
    const key = checkpointKeyFrom(loaded);
    const report = await withAuditStores(loaded, filters.region, (stores) =>
      buildResidencyReport({ stores, from: filters.from, to: filters.to, verify: { key } }),
    );
    context.stdout.write(
      context.options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderResidencyReportMarkdown(report),
    );
    return report.totals.outsideBoundary === 0 && report.totals.chainsOk ? 0 : 1;
  },
};
