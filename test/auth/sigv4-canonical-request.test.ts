import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalQuery, canonicalUri } from '../../src/auth/sigv4-canonical-request.js';
import { createSigV4Verifier } from '../../src/auth/sigv4-verifier.js';
import { invalidCredentialsMessage } from '../../src/auth/authentication-errors.js';
import { signTestRequest, testAccessKeyId, testSecretAccessKey, testSigningDate } from './sign-test-request.js';

const verifier = createSigV4Verifier(
  [{ accessKeyId: testAccessKeyId, secretAccessKeyEnv: 'SECRET', admin: false }],
  { knownRegions: new Set(['eu-west-1']), env: { SECRET: testSecretAccessKey }, now: () => testSigningDate.getTime() },
);

/** How the SDK puts a path label on the wire. */
const label = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

describe('sigv4 canonical request pieces', () => {
  it('encodes the received path once more (the SDK double-encodes for non-S3 services)', () => {
    assert.equal(canonicalUri('/model/eu.amazon.nova-2-lite-v1%3A0/converse'), '/model/eu.amazon.nova-2-lite-v1%253A0/converse');
    assert.equal(canonicalUri('/model/a%2Fb/invoke'), '/model/a%252Fb/invoke');
    assert.equal(canonicalUri('/'), '/');
    assert.equal(canonicalUri('/inference-profiles/'), '/inference-profiles/');
    assert.equal(canonicalUri('/a/../b'), undefined);
    assert.equal(canonicalUri('/a//b'), undefined);
    assert.equal(canonicalUri('relative'), undefined);
  });

  it('sorts and re-encodes the query', () => {
    assert.equal(canonicalQuery(''), '');
    assert.equal(canonicalQuery('b=2&a=1&a=0'), 'a=0&a=1&b=2');
    assert.equal(canonicalQuery('t=a%2bb%2Fc%3D&s=x+y&flag'), 'flag=&s=x%20y&t=a%2Bb%2Fc%3D');
    assert.equal(canonicalQuery('k=%7E%2a'), 'k=~%2A');
    assert.equal(canonicalQuery('k=%zz'), undefined);
  });
});

describe('sigv4 verifier properties (requests signed by @smithy/signature-v4)', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 24 });
  const modelId = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => s !== '.' && s !== '..');
  const queryName = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s !== '__proto__');

  it('any model id and query, as the SDK encodes them, verifies', async () => {
    await fc.assert(
      fc.asyncProperty(modelId, fc.dictionary(queryName, text, { maxKeys: 4 }), text, async (id, query, body) => {
        const request = await signTestRequest({ path: `/model/${label(id)}/invoke`, query, body });
        assert.equal(verifier.verify(request).signingRegion, 'eu-west-1');
      }),
      { numRuns: 200 },
    );
  });

  it('any change to one byte of the body is rejected', async () => {
    const request = await signTestRequest({ applyChecksum: false });
    fc.assert(
      fc.property(fc.nat({ max: request.body.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, delta) => {
        const body = Uint8Array.from(request.body);
        body[index] = (body[index] + delta) % 256;
        assert.throws(() => verifier.verify({ ...request, body }), { message: invalidCredentialsMessage });
      }),
    );
  });
});
