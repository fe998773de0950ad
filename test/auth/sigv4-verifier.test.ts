import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createSigV4Verifier, type AccessKeyConfig } from '../../src/auth/sigv4-verifier.js';
import type { InboundRequestCredentials } from '../../src/auth/inbound-request-credentials.js';
import { invalidCredentialsMessage } from '../../src/auth/authentication-errors.js';
import { GeorouteError } from '../../src/errors/error-catalog.js';
import { signTestRequest, testAccessKeyId, testSecretAccessKey, testSigningDate } from './sign-test-request.js';

const accessKey: AccessKeyConfig = {
  accessKeyId: testAccessKeyId,
  secretAccessKeyEnv: 'GEOROUTE_TEST_SECRET',
  allowedGeographies: ['eu'],
  admin: false,
};
const env = { GEOROUTE_TEST_SECRET: testSecretAccessKey };
const knownRegions = new Set(['eu-west-1', 'eu-central-1']);
const minute = 60_000;

function verifierAt(nowMs: number = testSigningDate.getTime()) {
  return createSigV4Verifier([accessKey], { knownRegions, env, now: () => nowMs });
}

function assertRejected(request: InboundRequestCredentials, nowMs?: number): void {
  assert.throws(
    () => verifierAt(nowMs).verify(request),
    (error: unknown) =>
      error instanceof GeorouteError && error.code === 'unauthenticated' && error.message === invalidCredentialsMessage,
  );
}

function withHeader(request: InboundRequestCredentials, name: string, value: string | undefined): InboundRequestCredentials {
  return { ...request, headers: { ...request.headers, [name]: value } };
}

describe('sigv4 verifier: requests signed by @smithy/signature-v4', () => {
  it('accepts a Converse request and returns the scope region and the access-key identity', async () => {
    const request = await signTestRequest();
    assert.match(request.rawPath, /%3A0\/converse$/);
    const result = verifierAt().verify(request);
    assert.equal(result.signingRegion, 'eu-west-1');
    // The signed region is the request's claim (checked by the residency boundary), not a property of the key.
    assert.deepEqual(result.identity, {
      type: 'access-key',
      id: testAccessKeyId,
      allowedGeographies: ['eu'],
      admin: false,
    });
  });

  it('accepts another known region, a session token, and a request without x-amz-content-sha256', async () => {
    const request = await signTestRequest({ region: 'eu-central-1', sessionToken: 'session-token/+=', applyChecksum: false });
    assert.equal(request.headers['x-amz-content-sha256'], undefined);
    assert.equal(request.headers['x-amz-security-token'], 'session-token/+=');
    assert.equal(verifierAt().verify(request).signingRegion, 'eu-central-1');
  });

  it('accepts ARN model ids (encoded "/" and ":") and query strings that need encoding', async () => {
    const arn = 'arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/a1b2c3';
    const request = await signTestRequest({
      method: 'GET',
      path: `/inference-profiles/${encodeURIComponent(arn)}`,
      query: { maxResults: '5', nextToken: 'a+b/c= d~*', type: ['SYSTEM_DEFINED', 'APPLICATION'] },
      body: '',
    });
    assert.equal(verifierAt().verify(request).signingRegion, 'eu-west-1');
  });

  it('accepts a date up to 15 minutes off either way', async () => {
    const request = await signTestRequest();
    verifierAt(testSigningDate.getTime() + 15 * minute).verify(request);
    verifierAt(testSigningDate.getTime() - 15 * minute).verify(request);
  });
});

describe('sigv4 verifier: every failure is the same generic unauthenticated error', () => {
  it('wrong secret', async () => assertRejected(await signTestRequest({ secretAccessKey: 'not-the-secret' })));
  it('unknown access key id', async () => assertRejected(await signTestRequest({ accessKeyId: 'AKIAUNKNOWNKEY000001' })));
  it('wrong service in the scope', async () => assertRejected(await signTestRequest({ service: 'bedrock-runtime' })));
  it('unknown region in the scope', async () => {
    const request = await signTestRequest({ region: 'us-east-1' });
    assertRejected(request);
    const withUsEast = createSigV4Verifier([accessKey], { knownRegions: new Set(['us-east-1']), env, now: () => testSigningDate.getTime() });
    assert.equal(withUsEast.verify(request).signingRegion, 'us-east-1');
  });

  it('date more than 15 minutes in the past or the future', async () => {
    const request = await signTestRequest();
    assertRejected(request, testSigningDate.getTime() + 15 * minute + 1000);
    assertRejected(request, testSigningDate.getTime() - 15 * minute - 1000);
  });

  it('tampered body, with and without x-amz-content-sha256', async () => {
    for (const applyChecksum of [true, false]) {
      const request = await signTestRequest({ applyChecksum });
      assertRejected({ ...request, body: new TextEncoder().encode('{"messages":[]}') });
    }
  });

  it('x-amz-content-sha256 that is not the body hash (UNSIGNED-PAYLOAD, streaming, a forged hash)', async () => {
    for (const declared of ['UNSIGNED-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', createHash('sha256').update('x').digest('hex')]) {
      assertRejected(await signTestRequest({ headers: { 'x-amz-content-sha256': declared } }));
    }
  });

  it('an unsigned x-amz-content-sha256 added after signing that disagrees with the body', async () => {
    const request = await signTestRequest({ applyChecksum: false });
    verifierAt().verify(request);
    assertRejected(withHeader(request, 'x-amz-content-sha256', 'UNSIGNED-PAYLOAD'));
  });

  it('tampered path, model id or query', async () => {
    const request = await signTestRequest();
    assertRejected({ ...request, rawPath: '/model/eu.amazon.nova-2-lite-v1%3A0/converse-stream' });
    assertRejected({ ...request, rawPath: '/model/global.amazon.nova-2-lite-v1%3A0/converse' });
    assertRejected({ ...request, rawPath: '/model/eu.amazon.nova-2-lite-v1:0/converse' });
    assertRejected({ ...request, rawPath: `${request.rawPath}?x=1` });
    assertRejected({ ...request, rawPath: `${request.rawPath}?x` });
    const listing = await signTestRequest({ method: 'GET', path: '/inference-profiles', query: { maxResults: '5' }, body: '' });
    assertRejected({ ...listing, rawPath: '/inference-profiles?maxResults=6' });
    assertRejected({ ...listing, rawPath: '/inference-profiles?maxResults=5&type=APPLICATION' });
    assertRejected({ ...listing, method: 'DELETE' });
  });

  it('paths whose dot or empty segments would be signed as a different path', async () => {
    const request = await signTestRequest({ path: '/model/x/../eu.amazon.nova-2-lite-v1%3A0/converse' });
    assertRejected(request);
    assertRejected(await signTestRequest({ path: '/model//eu.amazon.nova-2-lite-v1%3A0/converse' }));
  });

  it('tampered, missing or repeated signed headers', async () => {
    const request = await signTestRequest();
    assertRejected(withHeader(request, 'content-type', 'text/plain'));
    assertRejected(withHeader(request, 'host', 'other.example:8080'));
    assertRejected(withHeader(request, 'content-type', undefined));
    const repeated = { ...request, headers: { ...request.headers, 'content-type': ['application/json', 'text/plain'] } };
    assertRejected(repeated);
  });

  it('x-amz-date that differs from the signed one or from the scope date', async () => {
    const request = await signTestRequest();
    assertRejected(withHeader(request, 'x-amz-date', '20250304T050608Z'));
    const nextDay = await signTestRequest();
    const authorization = String(nextDay.headers.authorization).replace('/20250304/', '/20250305/');
    assertRejected(withHeader(nextDay, 'authorization', authorization), testSigningDate.getTime());
    assertRejected(withHeader(request, 'x-amz-date', undefined));
  });

  it('host not signed', async () => {
    assertRejected(await signTestRequest({ unsignableHeaders: new Set(['host']) }));
  });

  it('malformed or altered Authorization headers', async () => {
    const request = await signTestRequest();
    const authorization = String(request.headers.authorization);
    const signature = /Signature=([0-9a-f]{64})/.exec(authorization)?.[1] ?? '';
    const flipped = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    for (const bad of [
      authorization.replace(signature, flipped),
      authorization.replace(signature, signature.toUpperCase()),
      authorization.replace(signature, signature.slice(0, 63)),
      authorization.replace('SignedHeaders=', 'SignedHeaders=x-extra;'),
      authorization.replace('content-length;', ''),
      `${authorization}, Signature=${signature}`,
      authorization.replace('aws4_request', 'aws4_request/extra'),
      authorization.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512'),
      'AWS4-HMAC-SHA256 garbage',
      '',
    ]) {
      assertRejected(withHeader(request, 'authorization', bad));
    }
    assertRejected({ ...request, headers: { ...request.headers, authorization: [authorization, 'Bearer x'] } });
  });
});

describe('sigv4 verifier: startup', () => {
  it('names the key and the variable when the secret is not set', () => {
    assert.throws(
      () => createSigV4Verifier([accessKey], { knownRegions, env: {} }),
      (error: Error) => error.message.includes(testAccessKeyId) && error.message.includes('GEOROUTE_TEST_SECRET'),
    );
  });

  it('refuses an access key configured twice', () => {
    assert.throws(() => createSigV4Verifier([accessKey, accessKey], { knownRegions, env }), /more than once/);
  });

  it('never puts the secret in an error', async () => {
    const request = await signTestRequest({ secretAccessKey: 'wrong' });
    try {
      verifierAt().verify(request);
      assert.fail('expected a rejection');
    } catch (error) {
      assert.ok(!String((error as Error).message).includes(testSecretAccessKey));
    }
  });
});
