/**
 * How an Azure OpenAI deployment authenticates, in order: an API key (`credentials.apiKeyEnv`, sent as `api-key`),
 * a Microsoft Entra token from an environment variable (`azure.entraTokenEnv`, sent as a bearer token), or
 * `@azure/identity`'s DefaultAzureCredential chain when that optional package is installed (loaded only then;
 * its tokens are cached until five minutes before they expire). Nothing configured and no package: the
 * deployment is refused when it is created, with what to set.
 */
import type { Deployment } from '../../catalog/catalog-types.js';

export const AZURE_COGNITIVE_SCOPE = 'https://cognitiveservices.azure.com/.default';
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/** The headers of one request; may fetch or refresh a token. */
export type AzureCredential = () => Promise<Record<string, string>>;

/** The part of `@azure/identity`'s TokenCredential georoute uses. */
export interface AzureTokenCredential {
  getToken(scope: string): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

export type AzureIdentityLoader = () => Promise<AzureTokenCredential | undefined>;

/** `@azure/identity` when installed; undefined when it is not. */
export const loadDefaultAzureCredential: AzureIdentityLoader = async () => {
  const name = '@azure/identity';
  let module: { DefaultAzureCredential?: new () => AzureTokenCredential };
  try {
    module = (await import(name)) as typeof module;
  } catch {
    return undefined;
  }
  return module.DefaultAzureCredential === undefined ? undefined : new module.DefaultAzureCredential();
};

export function cachedEntraCredential(credential: AzureTokenCredential, deploymentId: string, now: () => number = Date.now): AzureCredential {
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const refresh = async (): Promise<string> => {
    const token = await credential.getToken(AZURE_COGNITIVE_SCOPE);
    if (token === null) throw new Error(`deployment ${deploymentId}: the Microsoft Entra credential chain returned no token`);
    cached = { token: token.token, expiresAt: token.expiresOnTimestamp };
    return token.token;
  };
  return async () => {
    if (cached === undefined || cached.expiresAt - REFRESH_BEFORE_EXPIRY_MS <= now()) {
      pending ??= refresh().finally(() => {
        pending = undefined;
      });
      return { authorization: `Bearer ${await pending}` };
    }
    return { authorization: `Bearer ${cached.token}` };
  };
}

export async function resolveAzureCredential(
  deployment: Deployment,
  env: NodeJS.ProcessEnv,
  loadIdentity: AzureIdentityLoader = loadDefaultAzureCredential,
): Promise<AzureCredential> {
  const keyEnv = deployment.credentials.apiKeyEnv;
  if (keyEnv !== undefined) {
    const key = env[keyEnv];
    if (!key) throw new Error(`deployment ${deployment.id}: credentials.apiKeyEnv environment variable ${keyEnv} is not set`);
    return () => Promise.resolve({ 'api-key': key });
  }
  const tokenEnv = deployment.azure?.entraTokenEnv;
  if (tokenEnv !== undefined) {
    // Read at each request: a sidecar that rotates the token rewrites the variable's source, not georoute.
    return () => {
      const token = env[tokenEnv];
      if (!token) return Promise.reject(new Error(`deployment ${deployment.id}: azure.entraTokenEnv environment variable ${tokenEnv} is not set`));
      return Promise.resolve({ authorization: `Bearer ${token}` });
    };
  }
  const identity = await loadIdentity();
  if (identity === undefined) {
    throw new Error(
      `deployment ${deployment.id}: no Azure credentials: set credentials.apiKeyEnv (api-key) or azure.entraTokenEnv (a Microsoft Entra token), or install @azure/identity for its credential chain`,
    );
  }
  return cachedEntraCredential(identity, deployment.id);
}
