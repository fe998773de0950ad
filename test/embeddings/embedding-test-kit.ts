/**
 * A gateway with three embedding models behind region simulators, each reached over a different wire: Titan Text
 * Embeddings V2 and Cohere Embed through Bedrock's InvokeModel (the simulator's `/model/{id}/invoke`), and an
 * OpenAI-style model through `/v1/embeddings`; plus the chat model of the default test config.
 */
import { testConfig, type TestConfigOptions } from '../support/test-gateway.js';

export const TITAN = 'amazon.titan-embed-text-v2:0';
export const COHERE = 'cohere.embed-english-v3';
export const OPENAI_EMBED = 'text-embedding-3-small';

const fast = { timeToFirstTokenMs: 1, tokensPerSecond: 5_000 };
const capacity = { maxConcurrent: 8, requestsPerMinute: 100_000, tokensPerMinute: 100_000_000 };

export const embeddingModels = [
  {
    id: TITAN,
    name: 'Titan Text Embeddings V2',
    kind: 'embedding',
    nativeFormat: 'titan-embed',
    embedding: { dimensions: 1024, allowedDimensions: [256, 512, 1024] },
    price: { inputPerMillion: '0.02' },
    regionPrices: { 'eu-central-1': { inputPerMillion: '0.024' } },
  },
  { id: COHERE, name: 'Cohere Embed English v3', kind: 'embedding', nativeFormat: 'cohere-embed', embedding: { dimensions: 1024 }, price: { inputPerMillion: '0.10' } },
  {
    id: OPENAI_EMBED,
    name: 'text-embedding-3-small',
    kind: 'embedding',
    embedding: { dimensions: 1536, allowedDimensions: [256, 512, 1536] },
    price: { inputPerMillion: '0.02' },
  },
];

export function embeddingDeployments(): unknown[] {
  return [
    ...['eu-central-1', 'eu-west-1', 'us-east-1'].map((region) => ({ model: TITAN, region, provider: 'sim', capacity, sim: fast })),
    { model: COHERE, region: 'eu-central-1', provider: 'sim', capacity, sim: fast },
    { model: OPENAI_EMBED, region: 'eu-central-1', provider: 'sim', capacity, sim: fast },
  ];
}

export function embeddingTestConfig(options: TestConfigOptions = {}): Record<string, unknown> {
  const base = testConfig({ regions: ['eu-central-1'], ...options, extraDeployments: [...embeddingDeployments(), ...(options.extraDeployments ?? [])] });
  return { ...base, models: [...(base.models as unknown[]), ...embeddingModels] };
}

export function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
}
