/** The response stores a configuration asks for (`responses.store`), or none. */
import type { LoadedConfig } from '../config/loaded-config.js';
import { createResponseStores, type ResponseStores } from './response-stores.js';

const HOUR_MS = 3_600_000;

export function openResponseStores(loaded: Pick<LoadedConfig, 'config' | 'dataDir'>): ResponseStores | undefined {
  const settings = loaded.config.responses.store;
  if (!settings.enabled) return undefined;
  return createResponseStores({ dataDir: loaded.dataDir, retentionMs: settings.retentionHours * HOUR_MS });
}
