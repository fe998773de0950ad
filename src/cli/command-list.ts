/** Every CLI command, in the order help lists them. A new command is one entry here. */
import { simulatorCommand } from '../../sim/index.js';
import type { CommandSpec } from './command-contract.js';
import { configValidateCommand } from './commands/config-validate-command.js';
import { explainCommand } from './commands/explain-command.js';
import { serveCommand } from './commands/serve-command.js';
import { demoCommand } from './commands/demo-command.js';

export const commandList: readonly CommandSpec[] = [serveCommand, demoCommand, explainCommand, simulatorCommand, configValidateCommand];
