/**
 * Where a `bedrock` deployment's AWS credentials come from, in order:
 * 1. the deployment's env references (`accessKeyIdEnv`, `secretAccessKeyEnv`, `sessionTokenEnv`);
 * 2. a loopback endpoint with nothing configured (the region simulator, which ignores signatures): static dummy keys;
 * 3. the standard AWS environment variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`);
 * 4. the standard AWS chain (`@aws-sdk/credential-provider-node`: profiles, SSO, web identity, ECS, IMDS), loaded
 *    on first use when that package is installed.
 * A deployment that names env variables which are unset fails at startup, never at the first request.
 */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When these temporary credentials stop being valid. */
  expiration?: Date;
}

export type AwsCredentialProvider = () => Promise<AwsCredentials>;

export interface CredentialReferences {
  accessKeyIdEnv?: string;
  secretAccessKeyEnv?: string;
  sessionTokenEnv?: string;
}

const SIMULATOR_CREDENTIALS: AwsCredentials = Object.freeze({ accessKeyId: 'AKIDGEOROUTESIMULATOR', secretAccessKey: 'georoute-simulator-ignores-signatures' });
const STANDARD_CHAIN_PACKAGE = '@aws-sdk/credential-provider-node';
const EXPIRY_MARGIN_MS = 60_000;

export function isLoopbackEndpoint(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function fromEnvReferences(deploymentId: string, refs: CredentialReferences, env: NodeJS.ProcessEnv): AwsCredentials | undefined {
  if (!refs.accessKeyIdEnv && !refs.secretAccessKeyEnv) return undefined;
  const read = (name: string | undefined, what: string): string => {
    const value = name ? env[name] : undefined;
    if (!value) throw new Error(`deployment ${deploymentId}: ${what} environment variable ${name ?? '(not configured)'} is not set`);
    return value;
  };
  const sessionToken = refs.sessionTokenEnv ? read(refs.sessionTokenEnv, 'credentials.sessionTokenEnv') : undefined;
  return {
    accessKeyId: read(refs.accessKeyIdEnv, 'credentials.accessKeyIdEnv'),
    secretAccessKey: read(refs.secretAccessKeyEnv, 'credentials.secretAccessKeyEnv'),
    ...(sessionToken ? { sessionToken } : {}),
  };
}

function fromStandardEnv(env: NodeJS.ProcessEnv): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

interface StandardChainModule {
  fromNodeProviderChain(): () => Promise<AwsCredentials>;
}

/** The standard chain, imported by name at run time so that it stays optional. Caches until near expiry. */
function standardChain(deploymentId: string): AwsCredentialProvider {
  let provider: Promise<() => Promise<AwsCredentials>> | undefined;
  let cached: AwsCredentials | undefined;
  return async () => {
    if (cached && (!cached.expiration || cached.expiration.getTime() - Date.now() > EXPIRY_MARGIN_MS)) return cached;
    provider ??= (import(STANDARD_CHAIN_PACKAGE) as Promise<StandardChainModule>).then((m) => m.fromNodeProviderChain()).catch((error: unknown) => {
      provider = undefined;
      throw new Error(`deployment ${deploymentId}: no AWS credentials configured and ${STANDARD_CHAIN_PACKAGE} is not installed`, { cause: error });
    });
    cached = await (await provider)();
    return cached;
  };
}

export function resolveBedrockCredentials(deploymentId: string, endpoint: string, refs: CredentialReferences, env: NodeJS.ProcessEnv): AwsCredentialProvider {
  const configured = fromEnvReferences(deploymentId, refs, env);
  const fixed = configured ?? (isLoopbackEndpoint(endpoint) ? SIMULATOR_CREDENTIALS : fromStandardEnv(env));
  return fixed ? () => Promise.resolve(fixed) : standardChain(deploymentId);
}
