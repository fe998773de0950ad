/**
 * What an embedder may import as `georoute/config`: the configuration's types (input as written in YAML or built
 * in code, output after defaults), its zod schema, and the loader that checks a file the way `georoute serve` does.
 */
export { configSchema } from './config-schema.js';
export type { AuditConfig, AuthConfig, DeploymentConfig, GeorouteConfig, GeorouteConfigInput } from './config-schema.js';
export { ConfigError } from './config-error.js';
export { BUNDLED_DEMO_CONFIG, loadConfig, parseConfigText, resolveConfigPath, type LoadConfigOptions } from './load-config.js';
export type { LoadedConfig } from './loaded-config.js';
