import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/config/config-error.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { createCapacityStore } from '../../src/routing/create-capacity-store.js';
import { InMemoryCapacityStore } from '../../src/routing/in-memory-capacity-store.js';
import { testConfig } from '../support/test-gateway.js';

function withCapacityStore(capacityStore: unknown): Record<string, unknown> {
  const config = testConfig();
  return { ...config, routing: { ...(config.routing as Record<string, unknown>), capacityStore } };
}

function problemsOf(config: unknown, env: NodeJS.ProcessEnv = {}): readonly string[] {
  try {
    parseConfigText(stringify(config), 'test.yaml', { env });
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  return [];
}

describe('routing.capacityStore', () => {
  it('defaults to the in-memory store', async () => {
    const loaded = parseConfigText(stringify(testConfig()), 't.yaml', { env: {} });
    assert.deepEqual(loaded.config.routing.capacityStore, { kind: 'memory' });
    const handle = await createCapacityStore(loaded.config.routing, { env: {} });
    assert.ok(handle.store instanceof InMemoryCapacityStore);
    await handle.close();
  });

  it('takes a Redis store whose URL variable is set, with a default key prefix', () => {
    const loaded = parseConfigText(stringify(withCapacityStore({ kind: 'redis', urlEnv: 'CAPACITY_REDIS_URL' })), 't.yaml', {
      env: { CAPACITY_REDIS_URL: 'redis://127.0.0.1:6379' },
    });
    assert.deepEqual(loaded.config.routing.capacityStore, { kind: 'redis', urlEnv: 'CAPACITY_REDIS_URL', keyPrefix: 'georoute:capacity:' });
  });

  it('names the unset URL variable, and refuses unknown kinds, fields and key prefixes with braces', () => {
    assert.deepEqual(problemsOf(withCapacityStore({ kind: 'redis', urlEnv: 'CAPACITY_REDIS_URL' })), [
      'routing.capacityStore.urlEnv: environment variable CAPACITY_REDIS_URL is not set',
    ]);
    assert.notDeepEqual(problemsOf(withCapacityStore({ kind: 'memcached' })), []);
    assert.notDeepEqual(problemsOf(withCapacityStore({ kind: 'memory', urlEnv: 'X' })), []);
    const env = { X: 'redis://127.0.0.1:6379' };
    assert.notDeepEqual(problemsOf(withCapacityStore({ kind: 'redis', urlEnv: 'X', keyPrefix: 'a{b}' }), env), []);
  });
});
