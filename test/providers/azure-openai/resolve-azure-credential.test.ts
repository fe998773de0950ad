import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AZURE_COGNITIVE_SCOPE, cachedEntraCredential, resolveAzureCredential, type AzureTokenCredential } from '../../../src/providers/azure-openai/resolve-azure-credential.js';
import { testDeployment } from '../provider-deployment.js';

const deployment = (extra = {}) => testDeployment({ provider: 'azure-openai', endpoint: 'https://res.openai.azure.com', upstreamModel: 'gpt-4o', azure: { deploymentType: 'standard' }, ...extra });

describe('Azure credentials', () => {
  it('prefers the api-key, then an Entra token from the environment', async () => {
    assert.deepEqual(await (await resolveAzureCredential(deployment({ credentials: { apiKeyEnv: 'K' } }), { K: 'key-1' }))(), { 'api-key': 'key-1' });
    const env: NodeJS.ProcessEnv = { T: 'token-1' };
    const fromEnv = await resolveAzureCredential(deployment({ azure: { deploymentType: 'standard', entraTokenEnv: 'T' } }), env);
    assert.deepEqual(await fromEnv(), { authorization: 'Bearer token-1' });
    env.T = 'token-2';
    assert.deepEqual(await fromEnv(), { authorization: 'Bearer token-2' }, 'read at each request');
  });

  it('uses the credential chain when installed, caching its token until five minutes before expiry', async () => {
    let now = 1_000_000;
    const scopes: string[] = [];
    const chain: AzureTokenCredential = {
      getToken: async (scope) => {
        scopes.push(scope);
        return { token: `entra-${scopes.length}`, expiresOnTimestamp: now + 10 * 60_000 };
      },
    };
    const credential = cachedEntraCredential(chain, 'azure-eu', () => now);
    assert.deepEqual(await credential(), { authorization: 'Bearer entra-1' });
    now += 4 * 60_000;
    assert.deepEqual(await credential(), { authorization: 'Bearer entra-1' }, 'cached');
    now += 2 * 60_000;
    assert.deepEqual(await credential(), { authorization: 'Bearer entra-2' }, 'refreshed inside the five-minute margin');
    assert.deepEqual(scopes, [AZURE_COGNITIVE_SCOPE, AZURE_COGNITIVE_SCOPE]);
    const loaded = await resolveAzureCredential(deployment(), {}, async () => chain);
    assert.match((await loaded()).authorization ?? '', /^Bearer entra-/);
  });

  it('refuses a deployment with no way to authenticate, saying what to set', async () => {
    await assert.rejects(resolveAzureCredential(deployment(), {}, async () => undefined), /credentials\.apiKeyEnv .*azure\.entraTokenEnv .*@azure\/identity/);
    await assert.rejects(resolveAzureCredential(deployment({ credentials: { apiKeyEnv: 'MISSING' } }), {}), /MISSING is not set/);
  });
});
