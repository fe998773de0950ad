import type { Catalog } from '../catalog/catalog-types.js';
import type { GeorouteConfig } from './config-schema.js';

/** A configuration file that passed every check, with the catalog built from it. */
export interface LoadedConfig {
  config: GeorouteConfig;
  catalog: Catalog;
  /** Absolute path of the YAML file. */
  path: string;
  /** True when it is the bundled demo configuration (examples/demo.yaml). */
  isBundledDemo: boolean;
  /** Absolute data directory (server.dataDir resolved against the working directory). */
  dataDir: string;
}
