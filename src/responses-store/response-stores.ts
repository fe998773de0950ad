/**
 * The response stores of a running gateway, one per source region, opened on first use (like the audit stores).
 * Which store a request uses is its source region, decided before: nothing here chooses a region.
 */
import type { ResponseStore } from './response-store-contract.js';
import { openSqliteResponseStore, sqliteResponseStorePath } from './sqlite-response-store.js';

export interface ResponseStoreSettings {
  dataDir: string;
  /** How long a stored response is kept. */
  retentionMs: number;
}

export interface ResponseStores {
  readonly retentionMs: number;
  forRegion(sourceRegionId: string): ResponseStore;
  close(): Promise<void>;
}

export function createResponseStores(settings: ResponseStoreSettings): ResponseStores {
  const stores = new Map<string, ResponseStore>();
  return {
    retentionMs: settings.retentionMs,
    forRegion(sourceRegionId) {
      let store = stores.get(sourceRegionId);
      if (store === undefined) {
        store = openSqliteResponseStore(sqliteResponseStorePath(settings.dataDir, sourceRegionId), sourceRegionId);
        stores.set(sourceRegionId, store);
      }
      return store;
    },
    async close() {
      for (const store of stores.values()) store.close();
      stores.clear();
    },
  };
}
