/**
 * The `georoute` command: picks the command whose words match, parses its declared options, runs it, and turns
 * failures into one clear line and a non-zero exit code.
 */
import { ConfigError } from '../config/config-error.js';
import { loadConfig, resolveConfigPath } from '../config/load-config.js';
import { commandHelp, overviewHelp } from './cli-help.js';
import type { CommandContext, CommandSpec } from './command-contract.js';
import { commandList } from './command-list.js';
import { configOption } from './config-option.js';
import { parseCommandLine, UsageError } from './parse-command-line.js';

function findCommand(args: readonly string[], specs: readonly CommandSpec[]): { spec: CommandSpec; rest: string[] } | undefined {
  const matches = specs
    .filter((s) => s.name.every((word, i) => args[i] === word))
    .sort((a, b) => b.name.length - a.name.length);
  const spec = matches[0];
  return spec && { spec, rest: args.slice(spec.name.length) };
}

export async function main(args: readonly string[], specs: readonly CommandSpec[] = commandList): Promise<number> {
  const { stdout, stderr } = process;
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    stdout.write(overviewHelp(specs));
    return args.length === 0 ? 2 : 0;
  }
  const found = findCommand(args, specs);
  if (!found) {
    const group = specs.filter((s) => s.name[0] === args[0]);
    if (group.length > 0 && (args.length === 1 || args[1]?.startsWith('-'))) {
      stdout.write(overviewHelp(group));
      return args.includes('--help') ? 0 : 2;
    }
    stderr.write(`georoute: unknown command "${args.join(' ')}"; run "georoute --help" for the list\n`);
    return 2;
  }
  const spec: CommandSpec = { ...found.spec, options: [...found.spec.options, configOption] };
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const parsed = parseCommandLine(found.rest, spec.options);
    if (parsed.help) {
      stdout.write(commandHelp(spec));
      return 0;
    }
    const context: CommandContext = {
      options: parsed.values,
      positionals: parsed.positionals,
      stdout,
      stderr,
      loadConfig: () => loadConfig(resolveConfigPath(parsed.values.config as string | undefined)),
      stopSignal: stop.signal,
    };
    return await spec.run(context);
  } catch (error) {
    const name = spec.name.join(' ');
    if (error instanceof UsageError) stderr.write(`georoute ${name}: ${error.message}\n`);
    else if (error instanceof ConfigError) stderr.write(`georoute ${name}: ${error.message}\n`);
    else stderr.write(`georoute ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
