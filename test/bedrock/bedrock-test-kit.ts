/**
 * Shared setup of the Bedrock tests: a gateway with an access key and an API key (secrets by env reference),
 * AWS SDK clients with default settings pointed at it, and a way to read the response headers the SDK hides.
 */
import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { startTestGateway, testConfig, type TestConfigOptions, type TestGateway } from '../support/test-gateway.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const ACCESS_KEY_ID = 'AKIATESTGEOROUTE0001';
export const SECRET_ACCESS_KEY = 'test-secret/georoute+bedrock';
export const API_KEY = 'test-bedrock-api-key';
export const SECRET_ENV = 'GEOROUTE_TEST_BEDROCK_SECRET';
export const API_KEY_ENV = 'GEOROUTE_TEST_BEDROCK_API_KEY';
export const EU_PROFILE = 'eu.amazon.nova-2-lite-v1:0';

export const testAuth = {
  accessKeys: [{ accessKeyId: ACCESS_KEY_ID, secretAccessKeyEnv: SECRET_ENV }],
  // Defaults to eu-west-1 and may claim the EU regions (x-georoute-source-region); nothing else.
  apiKeys: [{ id: 'bedrock-bearer', keyEnv: API_KEY_ENV, sourceRegion: 'eu-west-1', sourceRegions: ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1'] }],
};

export function testEnv(): NodeJS.ProcessEnv {
  process.env[SECRET_ENV] = SECRET_ACCESS_KEY;
  process.env[API_KEY_ENV] = API_KEY;
  return { ...process.env };
}

export function startBedrockTestGateway(options: TestConfigOptions = {}): Promise<TestGateway> {
  return startTestGateway(testConfig({ auth: testAuth, ...options }), { env: testEnv() });
}

export function sdkClient(gateway: { url: string }, region: string, extra: Partial<BedrockRuntimeClientConfig> = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region,
    endpoint: gateway.url,
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
    ...extra,
  });
}

/** Records the headers of every response the client receives (the SDK does not expose them). */
export function captureResponseHeaders(client: BedrockRuntimeClient): { last(): Record<string, string> } {
  let headers: Record<string, string> = {};
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      headers = (result.response as { headers?: Record<string, string> }).headers ?? {};
      return result;
    },
    { step: 'deserialize', name: 'georouteCaptureHeaders' },
  );
  return { last: () => headers };
}

export function novaBody(text: string, maxTokens: number): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ messages: [{ role: 'user', content: [{ text }] }], inferenceConfig: { maxTokens } }));
}
