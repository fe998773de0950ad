/** `georoute spend --limits`: use against each limit of every key and team that has limits, from the state store. */
import type { CommandContext } from '../command-contract.js';
import { formatTable } from '../format-table.js';
import { listLimitedSubjects } from '../../limits/list-limited-subjects.js';
import { reportUsage } from '../../limits/usage-report.js';
import { withSharedState } from './keys-command-options.js';

export async function printLimitUse(context: CommandContext): Promise<number> {
  const loaded = await context.loadConfig();
  const now = Date.now();
  const report = await withSharedState(loaded, async (state) => reportUsage(state.counters, await listLimitedSubjects(loaded.config, state.keys, state.teams, now), now));
  if (context.options.format === 'json') {
    context.stdout.write(`${JSON.stringify({ generatedAt: new Date(now).toISOString(), subjects: report }, null, 2)}\n`);
    return 0;
  }
  const rows = report.flatMap((s) => s.limits.map((l) => [s.label, l.limit, l.used, l.max, l.remaining, l.currency ?? '', l.resetsAt]));
  context.stdout.write(formatTable(['KEY OR TEAM', 'LIMIT', 'USED', 'LIMIT VALUE', 'REMAINING', 'CURRENCY', 'RESETS'], rows));
  return 0;
}
