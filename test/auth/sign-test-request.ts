/**
 * Test support: signs a request with `@smithy/signature-v4`, the signer every AWS SDK for JavaScript v3 client
 * uses, and returns it as the authenticate stage receives it (raw path, lower-case headers, body bytes).
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import type { InboundRequestCredentials } from '../../src/auth/inbound-request-credentials.js';

export const testAccessKeyId = 'AKIAGEOROUTETEST0001';
export const testSecretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
/** 2025-03-04T05:06:07Z */
export const testSigningDate = new Date(Date.UTC(2025, 2, 4, 5, 6, 7));

export interface TestRequest {
  method?: string;
  /** Percent-encoded path as sent on the wire. */
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  region?: string;
  service?: string;
  signingDate?: Date;
  /** Set `x-amz-content-sha256` (the SDK default); false to leave it out. */
  applyChecksum?: boolean;
  unsignableHeaders?: Set<string>;
}

/** The SDK's query-string encoding (RFC 3986), written independently of the code under test. */
function escape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function wireQueryString(query: Record<string, string | string[]>): string {
  return Object.keys(query)
    .sort()
    .flatMap((key) => [query[key]].flat().map((value) => `${escape(key)}=${escape(value)}`))
    .join('&');
}

export async function signTestRequest(input: TestRequest = {}): Promise<InboundRequestCredentials> {
  const body = input.body ?? '{"messages":[{"role":"user","content":[{"text":"hi"}]}]}';
  const signer = new SignatureV4({
    service: input.service ?? 'bedrock',
    region: input.region ?? 'eu-west-1',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: input.applyChecksum ?? true,
    credentials: {
      accessKeyId: input.accessKeyId ?? testAccessKeyId,
      secretAccessKey: input.secretAccessKey ?? testSecretAccessKey,
      ...(input.sessionToken === undefined ? {} : { sessionToken: input.sessionToken }),
    },
  });
  const path = input.path ?? '/model/eu.amazon.nova-2-lite-v1%3A0/converse';
  const query = input.query ?? {};
  const signed = await signer.sign(
    {
      method: input.method ?? 'POST',
      protocol: 'http:',
      hostname: 'gateway.example',
      port: 8080,
      path,
      query,
      headers: {
        host: 'gateway.example:8080',
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        ...input.headers,
      },
      body,
    },
    { signingDate: input.signingDate ?? testSigningDate, unsignableHeaders: input.unsignableHeaders },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  const queryString = wireQueryString(query);
  return {
    method: signed.method,
    rawPath: queryString === '' ? path : `${path}?${queryString}`,
    headers,
    body: new TextEncoder().encode(body),
  };
}
