/**
 * The test that matters for SigV4: requests sent by the real AWS SDK clients (BedrockRuntimeClient over HTTP/2
 * by default and over HTTP/1.1, BedrockClient for query strings) verify exactly as captured, and stop verifying
 * when anything signed is changed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { BedrockClient, ListInferenceProfilesCommand } from '@aws-sdk/client-bedrock';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createSigV4Verifier } from '../../src/auth/sigv4-verifier.js';
import type { InboundRequestCredentials } from '../../src/auth/inbound-request-credentials.js';
import { invalidCredentialsMessage } from '../../src/auth/authentication-errors.js';
import { startCaptureServer, type CaptureServer } from './capture-sdk-request.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const accessKeyId = 'AKIAGEOROUTESDKTEST1';
const secretAccessKey = 'sdk/test+secret/EXAMPLEKEY0123456789abcd';
const verifier = createSigV4Verifier(
  [{ accessKeyId, secretAccessKeyEnv: 'SDK_TEST_SECRET', allowedProfiles: ['eu.amazon.nova-2-lite-v1:0'], admin: false }],
  { knownRegions: new Set(['eu-west-1', 'eu-central-1']), env: { SDK_TEST_SECRET: secretAccessKey } },
);
const credentials = { accessKeyId, secretAccessKey, sessionToken: 'FwoGZXIvYXdzEXAMPLE//token==' };
const converseInput = { messages: [{ role: 'user' as const, content: [{ text: 'Hello from the test' }] }] };

async function captureConverse(server: CaptureServer, modelId: string, region: string, http1: boolean): Promise<InboundRequestCredentials> {
  const client = new BedrockRuntimeClient({
    region,
    endpoint: server.endpoint,
    credentials,
    maxAttempts: 1,
    ...(http1 ? { requestHandler: new NodeHttpHandler() } : {}),
  });
  try {
    await assert.rejects(client.send(new ConverseCommand({ modelId, ...converseInput })), { name: 'AccessDeniedException' });
  } finally {
    client.destroy();
  }
  const request = server.requests.at(-1);
  assert.ok(request);
  return request;
}

function assertRejected(request: InboundRequestCredentials): void {
  assert.throws(() => verifier.verify(request), { code: 'unauthenticated', message: invalidCredentialsMessage });
}

for (const protocol of ['h2c', 'http1'] as const) {
  describe(`sigv4 verifier with BedrockRuntimeClient over ${protocol}`, () => {
    let server: CaptureServer;
    before(async () => {
      server = await startCaptureServer(protocol);
    });
    after(() => server.close());

    it('verifies a captured Converse request and tells the signing region', async () => {
      const request = await captureConverse(server, 'eu.amazon.nova-2-lite-v1:0', 'eu-west-1', protocol === 'http1');
      assert.equal(request.rawPath, '/model/eu.amazon.nova-2-lite-v1%3A0/converse');
      const signed = String(request.headers.authorization);
      assert.match(signed, protocol === 'h2c' ? /SignedHeaders=:authority;/ : /;host;/);
      const result = verifier.verify(request);
      assert.equal(result.signingRegion, 'eu-west-1');
      assert.equal(result.identity.id, accessKeyId);
      assert.equal(result.identity.type, 'access-key');
      assert.deepEqual(result.identity.allowedProfiles, ['eu.amazon.nova-2-lite-v1:0']);
    });

    it('verifies an ARN model id (encoded "/" and ":") signed for another region', async () => {
      const arn = 'arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/a1b2c3d4e5';
      const request = await captureConverse(server, arn, 'eu-central-1', protocol === 'http1');
      assert.ok(request.rawPath.includes('%2F') && request.rawPath.includes('%3A'));
      assert.equal(verifier.verify(request).signingRegion, 'eu-central-1');
    });

    it('rejects the captured request once anything signed is changed', async () => {
      const request = await captureConverse(server, 'eu.amazon.nova-2-lite-v1:0', 'eu-west-1', protocol === 'http1');
      verifier.verify(request);
      const otherBody = new TextEncoder().encode(JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Hello from someone else' }] }] }));
      assertRejected({ ...request, body: otherBody });
      assertRejected({ ...request, rawPath: request.rawPath.replace('eu.', 'global.') });
      assertRejected({ ...request, rawPath: request.rawPath.replace('/converse', '/converse-stream') });
      assertRejected({ ...request, headers: { ...request.headers, 'content-type': 'application/x-amz-json-1.1' } });
      const hostHeader = protocol === 'h2c' ? ':authority' : 'host';
      assertRejected({ ...request, headers: { ...request.headers, [hostHeader]: 'evil.example' } });
    });

    it('rejects a request from an unknown region or with a wrong secret', async () => {
      assertRejected(await captureConverse(server, 'us.amazon.nova-2-lite-v1:0', 'us-east-1', protocol === 'http1'));
      const client = new BedrockRuntimeClient({
        region: 'eu-west-1',
        endpoint: server.endpoint,
        credentials: { accessKeyId, secretAccessKey: 'a-different-secret' },
        maxAttempts: 1,
        ...(protocol === 'http1' ? { requestHandler: new NodeHttpHandler() } : {}),
      });
      await assert.rejects(client.send(new ConverseCommand({ modelId: 'eu.amazon.nova-2-lite-v1:0', ...converseInput })));
      client.destroy();
      const request = server.requests.at(-1);
      assert.ok(request);
      assertRejected(request);
    });
  });
}

describe('sigv4 verifier with BedrockClient (query strings)', () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer('http1');
  });
  after(() => server.close());

  it('verifies ListInferenceProfiles with a nextToken that needs encoding, and rejects a changed query', async () => {
    const client = new BedrockClient({ region: 'eu-west-1', endpoint: server.endpoint, credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
    try {
      await assert.rejects(
        client.send(new ListInferenceProfilesCommand({ maxResults: 7, nextToken: 'eyJ+a/b=c d~*!', typeEquals: 'APPLICATION' })),
        { name: 'AccessDeniedException' },
      );
    } finally {
      client.destroy();
    }
    const request = server.requests.at(-1);
    assert.ok(request);
    assert.match(request.rawPath, /^\/inference-profiles\?/);
    assert.ok(request.rawPath.includes('nextToken='));
    assert.equal(verifier.verify(request).signingRegion, 'eu-west-1');
    assertRejected({ ...request, rawPath: request.rawPath.replace('maxResults=7', 'maxResults=1000') });
    assertRejected({ ...request, rawPath: `${request.rawPath}&type=SYSTEM_DEFINED` });
  });
});
