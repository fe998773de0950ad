/**
 * Access tokens for Vertex AI from google-auth-library: a service-account key file (`vertex.credentialsFile`) or
 * application default credentials. The library caches each token and refreshes it before it expires. A key file
 * that names its own `token_uri` (a private token service, or a loopback one in tests) is honoured: the library
 * would otherwise always post to Google's.
 */
import { readFileSync } from 'node:fs';
import { GoogleAuth } from 'google-auth-library';
import type { Deployment } from '../../catalog/catalog-types.js';

export const VERTEX_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** A bearer token for the next request (cached by the library until shortly before it expires). */
export type VertexAccessToken = () => Promise<string>;

function keyFileTokenUri(path: string, deploymentId: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`deployment ${deploymentId}: vertex.credentialsFile ${path} cannot be read as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const uri = (parsed as { token_uri?: unknown }).token_uri;
  return typeof uri === 'string' && uri !== GOOGLE_TOKEN_URL ? uri : undefined;
}

type AuthClient = Awaited<ReturnType<GoogleAuth['getClient']>>;

/** Sends the client's token requests to `tokenUri` instead of Google's fixed token URL. */
function redirectTokenRequests(client: AuthClient, tokenUri: string): void {
  client.transporter.interceptors.request.add({
    resolved: async (config) => {
      if (String(config.url) === GOOGLE_TOKEN_URL) config.url = new URL(tokenUri);
      return config;
    },
  });
}

export function createVertexAccessToken(deployment: Deployment): VertexAccessToken {
  const keyFile = deployment.vertex?.credentialsFile;
  const tokenUri = keyFile === undefined ? undefined : keyFileTokenUri(keyFile, deployment.id);
  const auth = new GoogleAuth({
    scopes: [VERTEX_SCOPE],
    ...(keyFile === undefined ? {} : { keyFilename: keyFile }),
  });
  let client: Promise<AuthClient> | undefined;
  return async () => {
    client ??= auth.getClient().then((created) => {
      if (tokenUri !== undefined) redirectTokenRequests(created, tokenUri);
      return created;
    }).catch((error: unknown) => {
      client = undefined;
      throw error;
    });
    const { token } = await (await client).getAccessToken();
    if (typeof token !== 'string' || token === '') throw new Error(`deployment ${deployment.id}: Google credentials returned no access token`);
    return token;
  };
}
