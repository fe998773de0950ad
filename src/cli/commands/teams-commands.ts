/** `georoute teams set-limits|list`: team budgets and rate limits, on the configured state store. */
import type { CommandSpec } from '../command-contract.js';
import { formatTable } from '../format-table.js';
import { parseAdminBody, teamLimitsRequestSchema } from '../../keys/key-admin-requests.js';
import { limitsFromConfig, limitsToConfig } from '../../limits/limits.js';
import { formatOption, limitOptions, limitsFrom, withSharedState } from './keys-command-options.js';

export const teamsSetLimitsCommand: CommandSpec = {
  name: ['teams', 'set-limits'],
  summary: 'set a team\'s limits (replacing them; no limit options removes them)',
  options: [...limitOptions],
  positionals: ['TEAM'],
  async run(context) {
    const [team] = context.positionals;
    if (!team) throw new Error('give the team name');
    const { limits } = parseAdminBody(teamLimitsRequestSchema, { limits: limitsFrom(context.options) ?? {} });
    const stored = await withSharedState(await context.loadConfig(), (state) => state.admin.setTeamLimits(team, limitsFromConfig(limits)));
    context.stdout.write(`${JSON.stringify({ team: stored.team, limits: limitsToConfig(stored.limits) })}\n`);
    return 0;
  },
};

export const teamsListCommand: CommandSpec = {
  name: ['teams', 'list'],
  summary: 'list teams with limits',
  options: [formatOption],
  async run(context) {
    const teams = await withSharedState(await context.loadConfig(), (state) => state.admin.listTeams());
    if (context.options.format === 'json') {
      context.stdout.write(`${JSON.stringify(teams.map((t) => ({ team: t.team, limits: limitsToConfig(t.limits) })), null, 2)}\n`);
      return 0;
    }
    const rows = teams.map((t) => {
      const l = limitsToConfig(t.limits);
      return [t.team, String(l.requestsPerMinute ?? '-'), String(l.tokensPerMinute ?? '-'), l.spendPerDay ?? '-', l.spendPerMonth ?? '-', l.currency];
    });
    context.stdout.write(formatTable(['TEAM', 'REQ/MIN', 'TOKENS/MIN', 'SPEND/DAY', 'SPEND/MONTH', 'CURRENCY'], rows));
    return 0;
  },
};
