/** Every CLI command, in the order help lists them. A new command is one entry here. */
import { simulatorCommand } from '../../sim/index.js';
import type { CommandSpec } from './command-contract.js';
import { auditExportCommand } from './commands/audit-export-command.js';
import { auditQueryCommand } from './commands/audit-query-command.js';
import { auditVerifyCommand } from './commands/audit-verify-command.js';
import { configValidateCommand } from './commands/config-validate-command.js';
import { demoCommand } from './commands/demo-command.js';
import { explainCommand } from './commands/explain-command.js';
import { reportResidencyCommand } from './commands/report-residency-command.js';
import { serveCommand } from './commands/serve-command.js';
import { spendCommand } from './commands/spend-command.js';
import { keysCommands } from './commands/keys-commands.js';
import { teamsListCommand, teamsSetLimitsCommand } from './commands/teams-commands.js';

export const commandList: readonly CommandSpec[] = [
  serveCommand,
  demoCommand,
  explainCommand,
  simulatorCommand,
  configValidateCommand,
  auditQueryCommand,
  auditVerifyCommand,
  auditExportCommand,
  reportResidencyCommand,
  spendCommand,
  ...keysCommands,
  teamsSetLimitsCommand,
  teamsListCommand,
];
