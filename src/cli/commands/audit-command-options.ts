/**
 * What the audit, report and spend commands share: the filter options, turning option values into filters,
 * opening the configured stores for reading, and the checkpoint key from the environment.
 */
import type { CommandOption, OptionValues } from '../command-contract.js';
import type { LoadedConfig } from '../../config/loaded-config.js';
import type { AuditFilters } from '../../audit/query-audit-records.js';
import { openAuditStoresForRead } from '../../audit/open-audit-stores.js';
import { parseAuditFilters } from '../../audit/parse-audit-filters.js';
import type { AuditStore } from '../../audit/audit-store-contract.js';

export const timeRangeOptions: readonly CommandOption[] = [
  { name: 'from', type: 'string', valueName: 'TIME', description: 'Only records at or after this ISO-8601 time (e.g. 2025-01-01T00:00:00Z).' },
  { name: 'to', type: 'string', valueName: 'TIME', description: 'Only records before this ISO-8601 time.' },
];

export const recordFilterOptions: readonly CommandOption[] = [
  ...timeRangeOptions,
  { name: 'inference-region', type: 'string', valueName: 'REGION', description: 'Only records processed in this region.' },
  { name: 'profile', type: 'string', valueName: 'ID', description: 'Only records of this inference profile id.' },
  { name: 'identity', type: 'string', valueName: 'ID', description: 'Only records of this API key id or access key id.' },
  { name: 'outcome', type: 'string', valueName: 'OUTCOME', choices: ['success', 'failure'], description: 'Only successful or failed requests.' },
];

export function regionOption(description: string, required = false): CommandOption {
  return { name: 'region', type: 'string', valueName: 'REGION', description, required };
}

/** Filters from the command's options (the same names the admin API takes as query parameters). */
export function auditFiltersFrom(options: OptionValues): AuditFilters {
  return parseAuditFilters(options);
}

/** Opens the stores of the configured data directory (one region or all), runs `work`, closes them. */
export async function withAuditStores<T>(
  loaded: LoadedConfig,
  region: string | undefined,
  work: (stores: AuditStore[]) => Promise<T>,
): Promise<T> {
  const opened = await openAuditStoresForRead({ config: loaded.config.audit, dataDir: loaded.dataDir, env: process.env, region });
  try {
    return await work(opened.stores);
  } finally {
    await opened.close();
  }
}

/** The checkpoint key, when the configuration signs checkpoints; throws when its variable is not set. */
export function checkpointKeyFrom(loaded: LoadedConfig): string | undefined {
  const checkpoint = loaded.config.audit.checkpoint;
  if (!checkpoint) return undefined;
  const key = process.env[checkpoint.keyEnv];
  if (!key) throw new Error(`audit.checkpoint.keyEnv names ${checkpoint.keyEnv}, which is not set: set it to verify checkpoint signatures`);
  return key;
}
