/**
 * Audit record filters from named text values, shared by the CLI (`--inference-region`, ...) and the admin API
 * (`?inference-region=...`): one set of names and one set of checks for both.
 */
import type { AuditFilters } from './query-audit-records.js';

function text(values: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = values[name];
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

function time(values: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = text(values, name);
  if (value !== undefined && Number.isNaN(Date.parse(value))) throw new RangeError(`${name} "${value}" is not an ISO-8601 time`);
  return value;
}

export function parseAuditFilters(values: Readonly<Record<string, unknown>>): AuditFilters {
  const outcome = text(values, 'outcome');
  if (outcome !== undefined && outcome !== 'success' && outcome !== 'failure') {
    throw new RangeError(`outcome "${outcome}": use success or failure`);
  }
  const region = text(values, 'region');
  return {
    region: region === 'all' ? undefined : region,
    from: time(values, 'from'),
    to: time(values, 'to'),
    inferenceRegion: text(values, 'inference-region'),
    profileId: text(values, 'profile'),
    identity: text(values, 'identity'),
    outcome,
  };
}
