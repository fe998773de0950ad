/**
 * Parses `--name value`, `--name=value`, `--flag`, `--no-flag` against a command's declared options. Unknown
 * options, missing values, wrong types and values outside `choices` are errors that say what to do.
 */
import type { CommandOption, OptionValues } from './command-contract.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseCommandLine(args: readonly string[], options: readonly CommandOption[]): { values: OptionValues; positionals: string[]; help: boolean } {
  const byName = new Map(options.map((o) => [o.name, o]));
  const values: OptionValues = {};
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = arg.slice(2, eq === -1 ? undefined : eq);
    let inline = eq === -1 ? undefined : arg.slice(eq + 1);
    let option = byName.get(name);
    if (!option && name.startsWith('no-') && byName.get(name.slice(3))?.type === 'boolean') {
      option = byName.get(name.slice(3));
      name = name.slice(3);
      inline = 'false';
    }
    if (!option) throw new UsageError(`unknown option --${name} (see --help)`);
    if (option.type === 'boolean') {
      values[name] = inline === undefined ? true : inline !== 'false';
      continue;
    }
    const text = inline ?? args[++i];
    if (text === undefined) throw new UsageError(`--${name} needs a value${option.valueName ? ` (${option.valueName})` : ''}`);
    if (option.choices && !option.choices.includes(text)) throw new UsageError(`--${name} must be one of: ${option.choices.join(', ')}`);
    if (option.type === 'number') {
      const number = Number(text);
      if (!Number.isFinite(number)) throw new UsageError(`--${name} must be a number, got "${text}"`);
      values[name] = number;
    } else {
      values[name] = text;
    }
  }
  for (const option of options) {
    if (values[option.name] === undefined && option.default !== undefined) values[option.name] = option.default;
    if (!help && option.required && values[option.name] === undefined) throw new UsageError(`--${option.name} is required`);
  }
  return { values, positionals, help };
}
