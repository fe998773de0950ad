/**
 * Loads the YAML configuration: parse, check the schema, check cross-references, build the catalog. Every
 * problem is reported with its path; nothing is served from a configuration with problems.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { buildCatalog } from '../catalog/build-catalog.js';
import type { DelegationDetector } from '../catalog/delegated-upstream-model.js';
import { PROVIDER_KINDS } from '../providers/provider-kinds.js';
import { configSchema } from './config-schema.js';
import { ConfigError, formatConfigPath } from './config-error.js';
import { findPackageRoot } from './find-package-root.js';
import type { LoadedConfig } from './loaded-config.js';
import { validateConfigReferences, type ProviderConfigRules } from './validate-config-references.js';

export const BUNDLED_DEMO_CONFIG = resolve(findPackageRoot(import.meta.url), 'examples/demo.yaml');

/**
 * Documented demo secrets, set only when the bundled demo configuration is loaded and the variables are unset,
 * so `npm start` runs out of the box while the YAML itself never holds a secret.
 */
export const DEMO_ENVIRONMENT: Readonly<Record<string, string>> = {
  GEOROUTE_DEMO_ACCESS_SECRET: 'demo-secret-georoute',
  GEOROUTE_DEMO_CHECKPOINT_KEY: 'demo-checkpoint-key-georoute',
};

/** Derived from the provider registry (src/providers/provider-kinds.ts): no second list. */
export const DEFAULT_PROVIDER_KINDS: ReadonlyMap<string, ProviderConfigRules> = new Map(PROVIDER_KINDS.map((entry) => [entry.kind, entry.config]));

/** Provider kinds whose upstream can route on its own, by what their `upstreamModel` says. */
export const DEFAULT_DELEGATION_DETECTORS: ReadonlyMap<string, DelegationDetector> = new Map(
  PROVIDER_KINDS.flatMap((entry) => (entry.delegationOf === undefined ? [] : [[entry.kind, entry.delegationOf] as const])),
);

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  knownProviders?: ReadonlyMap<string, ProviderConfigRules>;
  cwd?: string;
}

/** `--config FILE`, else `GEOROUTE_CONFIG`, else the bundled demo configuration. */
export function resolveConfigPath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = option ?? (env.GEOROUTE_CONFIG || undefined);
  return chosen === undefined ? BUNDLED_DEMO_CONFIG : resolve(chosen);
}

export function parseConfigText(text: string, source: string, options: LoadConfigOptions = {}): Omit<LoadedConfig, 'path' | 'isBundledDemo'> {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(source, document.errors.map((e) => `YAML: ${e.message.split('\n')[0]}`));
  }
  const parsed = configSchema.safeParse(document.toJS());
  if (!parsed.success) {
    throw new ConfigError(source, parsed.error.issues.map((issue) => `${formatConfigPath(issue.path)}: ${issue.message}`));
  }
  const problems = validateConfigReferences(parsed.data, {
    knownProviders: options.knownProviders ?? DEFAULT_PROVIDER_KINDS,
    env: options.env ?? process.env,
    delegationDetectors: DEFAULT_DELEGATION_DETECTORS,
  });
  if (problems.length > 0) throw new ConfigError(source, problems);
  return {
    config: parsed.data,
    catalog: buildCatalog(parsed.data),
    dataDir: resolve(options.cwd ?? process.cwd(), parsed.data.server.dataDir),
  };
}

export async function loadConfig(path: string, options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const absolute = resolve(path);
  const isBundledDemo = absolute === BUNDLED_DEMO_CONFIG;
  if (isBundledDemo && options.env === undefined) {
    for (const [name, value] of Object.entries(DEMO_ENVIRONMENT)) process.env[name] ??= value;
  }
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ConfigError(absolute, [`cannot read the configuration: ${reason}`]);
  }
  return { ...parseConfigText(text, absolute, options), path: absolute, isBundledDemo };
}
