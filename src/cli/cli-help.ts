/** Help text generated from the command declarations. */
import type { CommandSpec } from './command-contract.js';

export function commandHelp(spec: CommandSpec): string {
  const usage = `usage: georoute ${spec.name.join(' ')}${spec.options.length > 0 ? ' [options]' : ''}${(spec.positionals ?? []).map((p) => ` ${p}`).join('')}`;
  const rows = spec.options.map((o) => {
    const left = `--${o.name}${o.type === 'boolean' ? '' : ` ${o.valueName ?? o.type.toUpperCase()}`}`;
    const extra = [o.choices ? `one of ${o.choices.join('|')}` : '', o.default !== undefined ? `default ${String(o.default)}` : '', o.required ? 'required' : '']
      .filter(Boolean)
      .join('; ');
    return [left, `${o.description}${extra ? ` (${extra})` : ''}`];
  });
  rows.push(['--help', 'show this help']);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [usage, '', spec.summary, ...(spec.description ? ['', spec.description] : []), '', 'options:', ...rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`), ''].join('\n');
}

export function overviewHelp(specs: readonly CommandSpec[]): string {
  const width = Math.max(...specs.map((s) => s.name.join(' ').length));
  return [
    'usage: georoute <command> [options]',
    '',
    'georoute: a cross-region LLM inference gateway with fail-closed data-residency boundaries.',
    '',
    'commands:',
    ...specs.map((s) => `  ${s.name.join(' ').padEnd(width)}  ${s.summary}`),
    '',
    'Every command takes --config FILE (else GEOROUTE_CONFIG, else the bundled demo configuration) and --help.',
    '',
  ].join('\n');
}
