/**
 * What the `georoute keys` and `georoute teams` commands share: the key and limit options, turning them into the
 * admin API's request bodies (so both paths check the same rules), and opening the configured state store.
 */
import type { CommandOption, OptionValues } from '../command-contract.js';
import type { LoadedConfig } from '../../config/loaded-config.js';
import { openSharedState, type SharedState } from '../../state/open-shared-state.js';

export const formatOption: CommandOption = { name: 'format', type: 'string', valueName: 'FORMAT', choices: ['table', 'json'], default: 'table', description: 'table or json.' };

export const limitOptions: readonly CommandOption[] = [
  { name: 'rpm', type: 'number', valueName: 'N', description: 'Requests per minute.' },
  { name: 'tpm', type: 'number', valueName: 'N', description: 'Tokens per minute (input, output and prompt-cache tokens).' },
  { name: 'spend-per-day', type: 'string', valueName: 'AMOUNT', description: 'Spend per UTC day, e.g. 5.00 (in --currency).' },
  { name: 'spend-per-month', type: 'string', valueName: 'AMOUNT', description: 'Spend per UTC month.' },
  { name: 'currency', type: 'string', valueName: 'CODE', description: 'ISO 4217 currency of the spend limits (default USD).' },
];

export const keyDefinitionOptions: readonly CommandOption[] = [
  { name: 'name', type: 'string', valueName: 'NAME', description: 'A name people recognise.' },
  { name: 'team', type: 'string', valueName: 'TEAM', description: 'The owner team (its team limits apply too).' },
  { name: 'tags', type: 'string', valueName: 'K=V,...', description: 'Tags, e.g. env=prod,owner=alice.' },
  { name: 'expires', type: 'string', valueName: 'TIME', description: 'ISO-8601 time after which the key stops working.' },
  { name: 'admin', type: 'boolean', description: 'May use the admin API.' },
  { name: 'source-region', type: 'string', valueName: 'REGION', description: 'Default source region.' },
  { name: 'source-regions', type: 'string', valueName: 'A,B', description: 'Source regions the key may claim.' },
  { name: 'allowed-geographies', type: 'string', valueName: 'A,B', description: 'Only profiles of these geographies (eu, global, in-region, ...).' },
  { name: 'allowed-profiles', type: 'string', valueName: 'A,B', description: 'Only these profile ids.' },
  ...limitOptions,
];

const list = (value: string | number | boolean | undefined) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter((v) => v !== '') : undefined);

export function tagsFrom(value: string | number | boolean | undefined): Record<string, string> | undefined {
  const pairs = list(value);
  if (pairs === undefined) return undefined;
  return Object.fromEntries(pairs.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--tags: "${pair}" is not KEY=VALUE`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }));
}

/** The `limits` body member from --rpm, --tpm, --spend-per-day, --spend-per-month, --currency; undefined without any. */
export function limitsFrom(options: OptionValues): Record<string, unknown> | undefined {
  const limits: Record<string, unknown> = {
    requestsPerMinute: options.rpm,
    tokensPerMinute: options.tpm,
    spendPerDay: options['spend-per-day'],
    spendPerMonth: options['spend-per-month'],
    currency: options.currency,
  };
  for (const name of Object.keys(limits)) if (limits[name] === undefined) delete limits[name];
  return Object.keys(limits).length === 0 ? undefined : limits;
}

/** The admin API body for create / update from the options given (absent options are left out). */
export function keyBodyFrom(options: OptionValues): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: options.name,
    team: options.team,
    tags: tagsFrom(options.tags),
    expiresAt: options.expires,
    admin: options.admin,
    sourceRegion: options['source-region'],
    sourceRegions: list(options['source-regions']),
    allowedGeographies: list(options['allowed-geographies']),
    allowedProfiles: list(options['allowed-profiles']),
    limits: limitsFrom(options),
  };
  for (const name of Object.keys(body)) if (body[name] === undefined) delete body[name];
  return body;
}

export async function withSharedState<T>(loaded: LoadedConfig, work: (state: SharedState) => Promise<T>): Promise<T> {
  const state = await openSharedState({ config: loaded.config, catalog: loaded.catalog, dataDir: loaded.dataDir, env: process.env, refresh: false, onError: () => undefined });
  try {
    return await work(state);
  } finally {
    await state.close();
  }
}
