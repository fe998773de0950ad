/**
 * Cross-reference checks of identity scopes (src/auth/identity.ts): geographies and regions exist, a key's
 * default source region is one it may claim, and no scope leaves a region that could never be claimed.
 */
import type { GeorouteConfig } from './config-schema.js';

type Report = (path: (string | number)[], problem: string) => void;

interface ScopeFields {
  sourceRegion?: string;
  sourceRegions?: readonly string[];
  allowedGeographies?: readonly string[];
}

export function checkIdentityScopes(config: GeorouteConfig, regionIds: ReadonlySet<string>, report: Report): void {
  if (config.auth === 'none') return;
  const geographies = new Map(config.geographies.map((g) => [g.id, g.regions]));
  config.auth.apiKeys.forEach((key, i) => checkScope(key, ['auth', 'apiKeys', i], geographies, regionIds, report));
  config.auth.accessKeys.forEach((key, i) => checkScope(key, ['auth', 'accessKeys', i], geographies, regionIds, report));
  if (config.auth.anonymous !== undefined) {
    checkScope(config.auth.anonymous, ['auth', 'anonymous'], geographies, regionIds, report);
    if (!config.auth.allowAnonymous) report(['auth', 'anonymous'], 'has no effect unless allowAnonymous is true');
  }
}

export function checkScope(
  scope: ScopeFields,
  path: (string | number)[],
  geographies: ReadonlyMap<string, readonly string[]>,
  regionIds: ReadonlySet<string>,
  report: Report,
): void {
  const scopeNames = new Set([...geographies.keys(), 'global', 'in-region']);
  scope.allowedGeographies?.forEach((g, j) => {
    if (!scopeNames.has(g)) report([...path, 'allowedGeographies', j], `unknown geography "${g}"`);
  });
  // The regions the listed geographies allow; `in-region` and `global` restrict none.
  const named = (scope.allowedGeographies ?? []).filter((g) => g !== 'in-region');
  const geographic = named.length === 0 || named.includes('global') ? undefined : new Set(named.flatMap((g) => geographies.get(g) ?? []));
  const claimable = (id: string, at: (string | number)[]) => {
    if (!regionIds.has(id)) report(at, `unknown region "${id}"`);
    else if (geographic !== undefined && !geographic.has(id)) report(at, `region "${id}" is outside allowedGeographies [${named.join(', ')}], so it could never be used`);
  };
  if (scope.sourceRegion !== undefined) {
    claimable(scope.sourceRegion, [...path, 'sourceRegion']);
    if (scope.sourceRegions !== undefined && !scope.sourceRegions.includes(scope.sourceRegion)) {
      report([...path, 'sourceRegion'], `"${scope.sourceRegion}" is not in sourceRegions [${scope.sourceRegions.join(', ')}]`);
    }
  }
  scope.sourceRegions?.forEach((id, j) => claimable(id, [...path, 'sourceRegions', j]));
}
