/**
 * Every key and team with limits, for reports of use against them: managed keys that are active, configured
 * keys that declare `limits`, and teams with limits. The same subject names the limit stage counts under.
 */
import type { GeorouteConfig } from '../config/config-schema.js';
import { isKeyActive } from '../keys/managed-key.js';
import type { SqlKeyStore } from '../keys/sql-key-store.js';
import { identityIdOf } from '../keys/managed-key-registry.js';
import type { LimitedSubject } from './limit-stage.js';
import { hasAnyLimit, limitsFromConfig } from './limits.js';
import type { SqlTeamStore } from './sql-team-store.js';

export async function listLimitedSubjects(config: GeorouteConfig, keys: SqlKeyStore, teams: SqlTeamStore, now: number): Promise<LimitedSubject[]> {
  const subjects: LimitedSubject[] = [];
  if (config.auth !== 'none') {
    for (const key of config.auth.apiKeys) if (key.limits) subjects.push({ subject: `key:${key.id}`, label: `key "${key.id}"`, limits: limitsFromConfig(key.limits) });
    for (const key of config.auth.accessKeys) {
      if (key.limits) subjects.push({ subject: `key:${key.accessKeyId}`, label: `key "${key.accessKeyId}"`, limits: limitsFromConfig(key.limits) });
    }
  }
  for (const key of await keys.list()) {
    if (isKeyActive(key, now) && hasAnyLimit(key.limits)) subjects.push({ subject: `key:${identityIdOf(key)}`, label: `key "${identityIdOf(key)}" (${key.name})`, limits: key.limits });
  }
  for (const team of await teams.list()) subjects.push({ subject: `team:${team.team}`, label: `team "${team.team}"`, limits: team.limits });
  return subjects;
}
