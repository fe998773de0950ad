/**
 * Checks that need the whole file: every reference names something declared, ids are unique, endpoints are safe,
 * and the environment variables the file refers to exist. Returns problems as `path: problem` lines.
 */
import type { DelegationDetector } from '../catalog/delegated-upstream-model.js';
import type { GeorouteConfig } from './config-schema.js';
import { formatConfigPath } from './config-error.js';
import { checkIdentityScopes } from './validate-identity-scopes.js';

/** Whether a provider kind needs `endpoint`: `sim` starts its own, `bedrock` defaults to the regional AWS endpoint. */
export type EndpointRule = 'required' | 'optional' | 'forbidden';

/** The deployment sections that belong to one provider kind (`sim:`, `azure:`, `vertex:`). */
export type ProviderSection = 'sim' | 'azure' | 'vertex';

/** What the configuration check needs to know of a provider kind (from the provider registry). */
export interface ProviderConfigRules {
  endpoint: EndpointRule;
  /** Its own deployment section, and whether a deployment must have it. */
  section?: { key: ProviderSection; required: boolean; what?: string };
  /** Whether its deployments may declare `wireFormats` (an upstream that speaks more than one OpenAI wire). */
  takesWireFormats: boolean;
}

export interface ReferenceCheckOptions {
  /** Provider kinds and their rules. */
  knownProviders: ReadonlyMap<string, ProviderConfigRules>;
  env: NodeJS.ProcessEnv;
  /** Provider kinds whose upstream can route on its own, and how to tell from `upstreamModel`. */
  delegationDetectors?: ReadonlyMap<string, DelegationDetector>;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

export function validateConfigReferences(config: GeorouteConfig, options: ReferenceCheckOptions): string[] {
  const problems: string[] = [];
  const report = (path: (string | number)[], problem: string) => problems.push(`${formatConfigPath(path)}: ${problem}`);
  const regionIds = new Set<string>();
  const checkUnique = (seen: Set<string>, id: string, path: (string | number)[], what: string) => {
    if (seen.has(id)) report(path, `duplicate ${what} "${id}"`);
    seen.add(id);
  };
  const checkRegion = (id: string, path: (string | number)[]) => {
    if (!regionIds.has(id)) report(path, `unknown region "${id}"`);
  };
  const checkEnv = (name: string | undefined, path: (string | number)[]) => {
    if (name !== undefined && (options.env[name] === undefined || options.env[name] === '')) {
      report(path, `environment variable ${name} is not set`);
    }
  };

  config.regions.forEach((region, i) => checkUnique(regionIds, region.id, ['regions', i, 'id'], 'region'));

  const geographyIds = new Set<string>();
  config.geographies.forEach((geography, i) => {
    if (geography.id === 'global') report(['geographies', i, 'id'], '"global" is reserved: it always means every region');
    checkUnique(geographyIds, geography.id, ['geographies', i, 'id'], 'geography');
    geography.regions.forEach((id, j) => checkRegion(id, ['geographies', i, 'regions', j]));
  });

  const modelIds = new Set<string>();
  config.models.forEach((model, i) => {
    checkUnique(modelIds, model.id, ['models', i, 'id'], 'model');
    if (geographyIds.has(model.id.split('.')[0] ?? '') || model.id.startsWith('global.')) {
      report(['models', i, 'id'], `model ids must not start with a geography prefix ("${model.id.split('.')[0]}.")`);
    }
    for (const region of Object.keys(model.regionPrices)) checkRegion(region, ['models', i, 'regionPrices', region]);
  });

  const deploymentIds = new Set<string>();
  config.deployments.forEach((deployment, i) => {
    const path = ['deployments', i];
    checkUnique(deploymentIds, deployment.id ?? `${deployment.model}@${deployment.region}`, [...path, 'id'], 'deployment');
    if (!modelIds.has(deployment.model)) report([...path, 'model'], `unknown model "${deployment.model}"`);
    checkRegion(deployment.region, [...path, 'region']);
    if (!options.knownProviders.has(deployment.provider)) {
      report([...path, 'provider'], `unknown provider "${deployment.provider}" (known: ${[...options.knownProviders.keys()].sort().join(', ')})`);
    }
    const rules = options.knownProviders.get(deployment.provider);
    const endpointRule = rules?.endpoint;
    if (endpointRule === 'forbidden') {
      if (deployment.endpoint !== undefined) report([...path, 'endpoint'], `a "${deployment.provider}" deployment starts its own upstream; remove endpoint`);
    } else if (deployment.endpoint === undefined) {
      if (endpointRule === 'required') report([...path, 'endpoint'], 'required for this provider');
    } else {
      const url = new URL(deployment.endpoint);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') report([...path, 'endpoint'], `unsupported scheme "${url.protocol}"`);
      if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !deployment.allowInsecure) {
        report([...path, 'endpoint'], `plain HTTP to a non-loopback host (${url.hostname}) is refused; use https or set allowInsecure: true`);
      }
    }
    checkProviderSections(deployment, path, options.knownProviders, report);
    checkEnv(deployment.azure?.entraTokenEnv, [...path, 'azure', 'entraTokenEnv']);
    checkProcessingRegions(deployment, path, options, report, checkRegion);
    for (const [key, name] of Object.entries(deployment.credentials)) checkEnv(name, [...path, 'credentials', key]);
  });

  if (!regionIds.has(config.server.defaultSourceRegion)) {
    report(['server', 'defaultSourceRegion'], `unknown region "${config.server.defaultSourceRegion}"`);
  }
  if (config.auth !== 'none') {
    checkIdentityScopes(config, regionIds, report);
    config.auth.apiKeys.forEach((key, i) => checkEnv(key.keyEnv, ['auth', 'apiKeys', i, 'keyEnv']));
    config.auth.accessKeys.forEach((key, i) => checkEnv(key.secretAccessKeyEnv, ['auth', 'accessKeys', i, 'secretAccessKeyEnv']));
    if (config.auth.apiKeys.length === 0 && config.auth.accessKeys.length === 0) {
      report(['auth'], 'no API keys or access keys are configured; add some or set "auth: none" explicitly');
    }
  }
  if (config.audit.store === 'postgres') {
    if (config.audit.postgres === undefined) report(['audit', 'postgres'], 'required when store is "postgres"');
    else checkEnv(config.audit.postgres.urlEnv, ['audit', 'postgres', 'urlEnv']);
  }
  checkEnv(config.audit.checkpoint?.keyEnv, ['audit', 'checkpoint', 'keyEnv']);
  if (config.routing.capacityStore.kind === 'redis') checkEnv(config.routing.capacityStore.urlEnv, ['routing', 'capacityStore', 'urlEnv']);
  return problems;
}

type Report = (path: (string | number)[], problem: string) => void;

/**
 * `processingRegions` names configured regions, once each; an upstream that routes on its own (a Bedrock
 * cross-region profile as `upstreamModel`, ...) must declare them, or georoute would send data where it cannot see.
 */
function checkProcessingRegions(
  deployment: GeorouteConfig['deployments'][number],
  path: (string | number)[],
  options: ReferenceCheckOptions,
  report: Report,
  checkRegion: (id: string, path: (string | number)[]) => void,
): void {
  const seen = new Set<string>();
  deployment.processingRegions?.forEach((id, j) => {
    checkRegion(id, [...path, 'processingRegions', j]);
    if (seen.has(id)) report([...path, 'processingRegions', j], `duplicate region "${id}"`);
    seen.add(id);
  });
  const delegation = options.delegationDetectors?.get(deployment.provider)?.(deployment);
  if (deployment.processingRegions?.length === 0 && delegation?.mayProcessAnywhere !== true) {
    report([...path, 'processingRegions'], 'an empty (unknown) processing set is only for an upstream that may process anywhere (a global endpoint or deployment type); list the regions');
  }
  if (deployment.processingRegions !== undefined || delegation === undefined) return;
  const field = delegation.field ?? ['upstreamModel'];
  const value = field.reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined), deployment);
  report(
    [...path, ...field],
    `"${String(value)}" is ${delegation.description}: the upstream picks the processing region itself, so declare ` +
      `processingRegions (every region it may process in; ${delegation.documentedRegionsHint})` +
      (delegation.mayProcessAnywhere === true ? ', or processingRegions: [] to say it is unknown (then only an unrestricted global profile may use it)' : ''),
  );
}

/** A provider's own section only on its deployments (and there when it is required); `wireFormats` only where taken. */
function checkProviderSections(
  deployment: GeorouteConfig['deployments'][number],
  path: Array<string | number>,
  providers: ReadonlyMap<string, ProviderConfigRules>,
  report: (path: Array<string | number>, message: string) => void,
): void {
  const rules = providers.get(deployment.provider);
  for (const [kind, other] of providers) {
    const key = other.section?.key;
    if (key === undefined || kind === deployment.provider) continue;
    if (deployment[key] !== undefined && rules?.section?.key !== key) report([...path, key], `only for provider "${kind}"`);
  }
  const own = rules?.section;
  if (own?.required && deployment[own.key] === undefined) report([...path, own.key], `required for provider "${deployment.provider}"${own.what ? ` (${own.what})` : ''}`);
  if (deployment.wireFormats.length > 0 && rules !== undefined && !rules.takesWireFormats) {
    const takers = [...providers].filter(([, r]) => r.takesWireFormats).map(([kind]) => `"${kind}"`);
    report([...path, 'wireFormats'], `only for providers ${takers.join(' and ')} (an upstream with the OpenAI Responses API)`);
  }
}
