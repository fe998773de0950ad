import type { CommandOption } from './command-contract.js';

/** The option every command shares. */
export const configOption: CommandOption = {
  name: 'config',
  type: 'string',
  valueName: 'FILE',
  description: 'configuration file (default: $GEOROUTE_CONFIG, else the bundled demo examples/demo.yaml)',
};
