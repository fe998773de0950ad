import type { CommandSpec } from '../command-contract.js';

export const configValidateCommand: CommandSpec = {
  name: ['config', 'validate'],
  summary: 'check a configuration file and print what it declares',
  options: [],
  async run(context) {
    const { catalog, path } = await context.loadConfig();
    const profiles = [...catalog.systemProfiles.values()];
    context.stdout.write(
      [
        `${path}: valid`,
        `  regions:      ${catalog.regions.size}`,
        `  geographies:  ${[...catalog.geographies.keys()].join(', ')}`,
        `  models:       ${catalog.models.size}`,
        `  deployments:  ${catalog.deployments.length}`,
        `  profiles:     ${profiles.length} (${profiles.filter((p) => p.type === 'SYSTEM_DEFINED').length} cross-region, ${profiles.filter((p) => p.type === 'FOUNDATION_MODEL').length} in-region)`,
        '',
      ].join('\n'),
    );
    return 0;
  },
};
