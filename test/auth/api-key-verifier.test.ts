import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createApiKeyVerifier, readPresentedApiKey, type ApiKeyConfig } from '../../src/auth/api-key-verifier.js';
import type { InboundRequestCredentials } from '../../src/auth/inbound-request-credentials.js';
import { invalidCredentialsMessage, missingCredentialsMessage } from '../../src/auth/authentication-errors.js';

const hashedKey = 'sk-georoute-hashed-0123456789';
const envKey = 'sk-georoute-from-env-abcdef';
const apiKeys: ApiKeyConfig[] = [
  {
    id: 'team-eu',
    keySha256: createHash('sha256').update(hashedKey).digest('hex'),
    sourceRegion: 'eu-west-1',
    allowedGeographies: ['eu', 'in-region'],
    allowedProfiles: ['eu.amazon.nova-2-lite-v1:0'],
    admin: false,
  },
  { id: 'ops', keyEnv: 'GEOROUTE_OPS_KEY', admin: true },
];
const env = { GEOROUTE_OPS_KEY: envKey };
const verifier = createApiKeyVerifier(apiKeys, { env });

function request(headers: InboundRequestCredentials['headers']): InboundRequestCredentials {
  return { method: 'POST', rawPath: '/v1/chat/completions', headers, body: new Uint8Array() };
}

const rejectedAs = (message: string) => ({ code: 'unauthenticated', message });

describe('api key verifier', () => {
  it('accepts a keySha256 key as a Bearer token and carries the key settings into the identity', () => {
    const { identity } = verifier.verify(request({ authorization: `Bearer ${hashedKey}` }));
    assert.deepEqual(identity, {
      type: 'api-key',
      id: 'team-eu',
      sourceRegion: 'eu-west-1',
      sourceRegions: ['eu-west-1'],
      allowedGeographies: ['eu', 'in-region'],
      allowedProfiles: ['eu.amazon.nova-2-lite-v1:0'],
      admin: false,
    });
  });

  it('accepts a keyEnv key as a Bearer token (any scheme case) and as x-api-key', () => {
    assert.equal(verifier.verify(request({ authorization: `bearer ${envKey}` })).identity.id, 'ops');
    assert.equal(verifier.verify(request({ 'x-api-key': envKey })).identity.admin, true);
    assert.equal(verifier.verify(request({ authorization: `Bearer ${envKey}`, 'x-api-key': envKey })).identity.id, 'ops');
  });

  it('rejects unknown keys, other schemes and conflicting headers with one message', () => {
    for (const headers of [
      { authorization: 'Bearer sk-not-configured' },
      { 'x-api-key': 'sk-not-configured' },
      { authorization: `Bearer ${hashedKey}x` },
      { authorization: `Basic ${Buffer.from(`u:${hashedKey}`).toString('base64')}` },
      { authorization: 'Bearer ' },
      { authorization: `Bearer ${hashedKey} extra` },
      { authorization: `Bearer ${hashedKey}`, 'x-api-key': envKey },
      { 'x-api-key': '' },
      { 'x-api-key': [hashedKey, envKey] },
      // The plaintext of a keySha256 entry is its key; the hash itself is not.
      { authorization: `Bearer ${apiKeys[0].keySha256}` },
    ]) {
      assert.throws(() => verifier.verify(request(headers)), rejectedAs(invalidCredentialsMessage));
    }
  });

  it('says so when no credentials are sent', () => {
    assert.throws(() => verifier.verify(request({})), rejectedAs(missingCredentialsMessage));
  });

  it('reads a repeated header with one value as that value', () => {
    assert.equal(readPresentedApiKey({ 'x-api-key': [envKey, envKey] }), envKey);
    assert.equal(readPresentedApiKey({ 'x-api-key': [envKey, hashedKey] }), null);
    assert.equal(readPresentedApiKey({}), undefined);
  });
});

describe('api key verifier: startup', () => {
  it('names the key and the variable when keyEnv is not set', () => {
    assert.throws(
      () => createApiKeyVerifier(apiKeys, { env: {} }),
      (error: Error) => error.message.includes('"ops"') && error.message.includes('GEOROUTE_OPS_KEY'),
    );
  });

  it('refuses the same key configured twice', () => {
    const twice: ApiKeyConfig[] = [
      ...apiKeys,
      { id: 'ops-copy', keySha256: createHash('sha256').update(envKey).digest('hex'), admin: false },
    ];
    assert.throws(() => createApiKeyVerifier(twice, { env }), /"ops" and "ops-copy" are the same key/);
  });
});
