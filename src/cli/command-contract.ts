/**
 * CLI commands are declared as data: a name (one or more words), a summary, typed options, and a `run` that
 * returns an exit code. Help is generated from the declaration (cli-help.ts); the dispatcher (cli-main.ts)
 * parses options, so a command never touches process.argv.
 */
import type { Writable } from 'node:stream';
import type { LoadedConfig } from '../config/loaded-config.js';

export interface CommandOption {
  /** Long name without dashes: `config` for `--config`. */
  name: string;
  type: 'string' | 'number' | 'boolean';
  description: string;
  /** Placeholder shown in help: `--from TIME`. */
  valueName?: string;
  default?: string | number | boolean;
  required?: boolean;
  /** Allowed values, checked by the dispatcher and listed in help. */
  choices?: readonly string[];
}

export type OptionValues = Record<string, string | number | boolean | undefined>;

export interface CommandContext {
  options: OptionValues;
  positionals: readonly string[];
  stdout: Writable;
  stderr: Writable;
  /**
   * The configuration this command works on: `--config FILE`, else `GEOROUTE_CONFIG`, else the bundled demo
   * configuration (as `npm start` uses). Throws a ConfigError with every problem found.
   */
  loadConfig(): Promise<LoadedConfig>;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM); long-running commands wait on it. */
  stopSignal: AbortSignal;
}

export interface CommandSpec {
  /** Words that select the command: ['audit', 'verify']. */
  name: readonly string[];
  summary: string;
  /** Longer help text, shown under the usage line. */
  description?: string;
  options: readonly CommandOption[];
  /** Positional arguments shown in the usage line, e.g. ['FILE']. */
  positionals?: readonly string[];
  run(context: CommandContext): Promise<number>;
}
