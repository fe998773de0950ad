import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  anonymousCallerIdentity,
  assertAuthConfigured,
  createAuthenticator,
  noCredentialsConfiguredMessage,
} from '../../src/auth/authenticator.js';
import { anonymousIdentity } from '../../src/auth/identity.js';
import type { InboundRequestCredentials } from '../../src/auth/inbound-request-credentials.js';
import { invalidCredentialsMessage, missingCredentialsMessage } from '../../src/auth/authentication-errors.js';
import { authSchema, type GeorouteConfigInput } from '../../src/config/config-schema.js';
import { GeorouteError } from '../../src/errors/error-catalog.js';
import { signTestRequest, testAccessKeyId, testSecretAccessKey, testSigningDate } from './sign-test-request.js';

const apiKey = 'sk-georoute-authenticator-test';
const env = { GEOROUTE_SECRET: testSecretAccessKey, GEOROUTE_KEY: apiKey };
const options = { knownRegions: new Set(['eu-west-1']), env, now: () => testSigningDate.getTime() };

function auth(input: GeorouteConfigInput['auth']) {
  return authSchema.parse(input);
}

const keyed = auth({
  apiKeys: [{ id: 'app', keyEnv: 'GEOROUTE_KEY', sourceRegion: 'eu-west-1' }],
  accessKeys: [{ accessKeyId: testAccessKeyId, secretAccessKeyEnv: 'GEOROUTE_SECRET', admin: true }],
});

function request(headers: InboundRequestCredentials['headers']): InboundRequestCredentials {
  return { method: 'POST', rawPath: '/v1/chat/completions', headers, body: new TextEncoder().encode('{}') };
}

function assertUnauthenticated(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof GeorouteError);
    assert.equal(error.code, 'unauthenticated');
    assert.equal(error.status, 401);
    assert.equal(error.bedrockType, 'AccessDeniedException');
    assert.equal(error.message, message);
    return true;
  });
}

describe('authenticator', () => {
  it('auth: none admits everyone as the anonymous identity and ignores any credentials', () => {
    const authenticator = createAuthenticator(auth('none'), options);
    assert.deepEqual(authenticator.authenticate(request({})), { identity: anonymousIdentity });
    assert.equal(authenticator.authenticate(request({ authorization: 'AWS4-HMAC-SHA256 nonsense' })).identity, anonymousIdentity);
    assert.equal(authenticator.authenticate(request({ authorization: 'Bearer whatever' })).identity, anonymousIdentity);
  });

  it('routes SigV4 to the access keys (with a signing region) and everything else to the API keys', async () => {
    const authenticator = createAuthenticator(keyed, options);
    const signed = authenticator.authenticate(await signTestRequest());
    assert.equal(signed.identity.type, 'access-key');
    assert.equal(signed.identity.admin, true);
    assert.equal(signed.signingRegion, 'eu-west-1');

    const bearer = authenticator.authenticate(request({ authorization: `Bearer ${apiKey}` }));
    // A key bound to one source region may claim that region only.
    assert.deepEqual(bearer, { identity: { type: 'api-key', id: 'app', sourceRegion: 'eu-west-1', sourceRegions: ['eu-west-1'], admin: false } });
    assert.equal(authenticator.authenticate(request({ 'x-api-key': apiKey })).identity.id, 'app');
  });

  it('fails with unauthenticated when no credentials are sent', () => {
    assertUnauthenticated(() => createAuthenticator(keyed, options).authenticate(request({})), missingCredentialsMessage);
  });

  it('fails with the same unauthenticated error for any wrong credential', async () => {
    const authenticator = createAuthenticator(keyed, options);
    for (const wrong of [
      request({ authorization: 'Bearer sk-wrong' }),
      request({ 'x-api-key': 'sk-wrong' }),
      request({ authorization: 'Basic abc' }),
      request({ authorization: 'AWS4-HMAC-SHA256 Credential=broken' }),
      await signTestRequest({ secretAccessKey: 'wrong' }),
    ]) {
      assertUnauthenticated(() => authenticator.authenticate(wrong), invalidCredentialsMessage);
    }
  });

  it('rejects SigV4 when only API keys are configured, and bearer keys when only access keys are', async () => {
    const apiOnly = createAuthenticator(auth({ apiKeys: [{ id: 'app', keySha256: createHash('sha256').update(apiKey).digest('hex') }] }), options);
    const signed = await signTestRequest();
    assertUnauthenticated(() => apiOnly.authenticate(signed), invalidCredentialsMessage);
    const sigOnly = createAuthenticator(auth({ accessKeys: [{ accessKeyId: testAccessKeyId, secretAccessKeyEnv: 'GEOROUTE_SECRET' }] }), options);
    assertUnauthenticated(() => sigOnly.authenticate(request({ authorization: `Bearer ${apiKey}` })), invalidCredentialsMessage);
  });

  it('allowAnonymous serves requests without credentials as a non-admin anonymous caller; wrong ones still fail', () => {
    const authenticator = createAuthenticator(auth({ allowAnonymous: true, apiKeys: [{ id: 'app', keyEnv: 'GEOROUTE_KEY' }] }), options);
    const result = authenticator.authenticate(request({}));
    assert.deepEqual(result.identity, anonymousCallerIdentity, 'no default source region given: no claim restriction');
    assert.equal(result.identity.admin, false);
    const scoped = createAuthenticator(auth({ allowAnonymous: true, apiKeys: [{ id: 'app', keyEnv: 'GEOROUTE_KEY' }] }), { ...options, defaultSourceRegion: 'eu-central-1' });
    assert.deepEqual(scoped.authenticate(request({})).identity.sourceRegions, ['eu-central-1'], 'anonymous callers get the server default only');
    const listed = createAuthenticator(
      auth({ allowAnonymous: true, anonymous: { sourceRegions: ['eu-west-1', 'eu-west-3'] }, apiKeys: [{ id: 'app', keyEnv: 'GEOROUTE_KEY' }] }),
      { ...options, defaultSourceRegion: 'eu-central-1' },
    );
    assert.deepEqual(listed.authenticate(request({})).identity.sourceRegions, ['eu-west-1', 'eu-west-3'], 'unless the operator lists the regions they may claim');
    assert.equal(result.identity.type, 'anonymous');
    assert.equal(authenticator.authenticate(request({ 'x-api-key': apiKey })).identity.id, 'app');
    assertUnauthenticated(() => authenticator.authenticate(request({ 'x-api-key': 'sk-wrong' })), invalidCredentialsMessage);
    assertUnauthenticated(() => authenticator.authenticate(request({ 'x-api-key': '' })), invalidCredentialsMessage);
    assertUnauthenticated(() => authenticator.authenticate(request({ authorization: 'Bearer sk-wrong' })), invalidCredentialsMessage);
  });
});

describe('authenticator: startup', () => {
  it('an auth section without keys must say "auth: none"', () => {
    assertAuthConfigured({ auth: auth('none') });
    assertAuthConfigured({ auth: keyed });
    for (const empty of [auth({}), auth({ allowAnonymous: true }), auth({ apiKeys: [], accessKeys: [] })]) {
      assert.throws(() => assertAuthConfigured({ auth: empty }), { message: noCredentialsConfiguredMessage });
      assert.throws(() => createAuthenticator(empty, options), { message: noCredentialsConfiguredMessage });
    }
  });

  it('reads secrets once, at construction, and names what is missing', () => {
    assert.throws(() => createAuthenticator(keyed, { ...options, env: { GEOROUTE_KEY: apiKey } }), /AKIAGEOROUTETEST0001.*GEOROUTE_SECRET/);
    assert.throws(() => createAuthenticator(keyed, { ...options, env: { GEOROUTE_SECRET: 's' } }), /"app".*GEOROUTE_KEY/);
    const mutableEnv: Record<string, string> = { ...env };
    const authenticator = createAuthenticator(keyed, { ...options, env: mutableEnv });
    mutableEnv.GEOROUTE_KEY = 'sk-changed-later';
    assert.equal(authenticator.authenticate(request({ 'x-api-key': apiKey })).identity.id, 'app');
  });
});
