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

export interface ReferenceCheckOptions {
  /** Provider kinds and their endpoint rule. */
  knownProviders: ReadonlyMap<string, EndpointRule>;
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
    const endpointRule = options.knownProviders.get(deployment.provider);
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
    if (deployment.sim !== undefined && deployment.provider !== 'sim') report([...path, 'sim'], 'only for provider "sim"');
    if (deployment.azure !== undefined && deployment.provider !== 'azure-openai') report([...path, 'azure'], 'only for provider "azure-openai"');
    if (deployment.vertex !== undefined && deployment.provider !== 'vertex-gemini') report([...path, 'vertex'], 'only for provider "vertex-gemini"');
    if (deployment.vertex === undefined && deployment.provider === 'vertex-gemini') report([...path, 'vertex'], 'required for provider "vertex-gemini" (project and location)');
    checkEnv(deployment.azure?.entraTokenEnv, [...path, 'azure', 'entraTokenEnv']);
    if (deployment.wireFormats.length > 0 && deployment.provider !== 'openai-compatible' && deployment.provider !== 'sim') {
      report([...path, 'wireFormats'], 'only for providers "openai-compatible" and "sim" (an upstream with the OpenAI Responses API)');
    }
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
