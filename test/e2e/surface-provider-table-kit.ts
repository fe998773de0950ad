/**
 * The gateway behind the surface x provider table: every provider kind of the registry in a region of its own,
 * each deploying the chat families (Nova, native format `nova`; Claude, `anthropic`; Mistral Large 2, `mistral`), and
 * the standalone simulators behind the kinds that need an endpoint. A bare model id runs in its source region only, so
 * the caller's source region picks the provider kind. For each kind: which simulator operation a request of each
 * surface must land on, natively (the fast path, when the provider's upstream speaks the surface's wire for that
 * model) or converted through the canonical model. Not a test file.
 */
import type { RunningSimulator } from '../../sim/index.js';
import { startRegionSimulator } from '../../sim/index.js';
import type { SimOperationName } from '../../sim/sim-protocol.js';
import { PROVIDER_KINDS } from '../../src/providers/provider-kinds.js';
import type { SimProvider } from '../../src/providers/sim/sim-provider.js';
import { CLAUDE, claudeModel } from '../anthropic/anthropic-test-kit.js';
import { createTestServiceAccount, TEST_CLIENT_EMAIL } from '../providers/vertex-gemini/vertex-test-credentials.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

export { CLAUDE, NOVA_LITE };

/** Mistral Large 2, whose InvokeModel body is Mistral's chat body. */
export const MISTRAL = 'mistral.mistral-large-2407-v1:0';
const mistralModel = { id: MISTRAL, name: 'Mistral Large 2 (24.07)', nativeFormat: 'mistral', price: { inputPerMillion: '2', outputPerMillion: '6' } };

/** The surfaces of the table, with InvokeModel once per body family. */
export type TableSurface = 'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'bedrock-converse' | 'bedrock-invoke-nova' | 'bedrock-invoke-claude' | 'bedrock-invoke-mistral';

/** The operation a JSON answer and a stream land on. */
export type Operations = readonly [json: SimOperationName, stream: SimOperationName];

export interface TableProvider {
  kind: string;
  region: string;
  /** The surfaces its upstream takes as they are (for the model each surface uses), and where they land. */
  native: Partial<Record<TableSurface, Operations>>;
  /** Where a request converted through the canonical model lands. */
  converted: Operations;
  /** Structured output (a JSON schema) reaches its converted path; false: refused with a 400 naming the setting. */
  honoursStructuredOutput: boolean;
}

const chat: Operations = ['chat.completions', 'chat.completions'];
const converse: Operations = ['converse', 'converse-stream'];
const invoke: Operations = ['invoke', 'invoke-with-response-stream'];
const messages: Operations = ['messages', 'messages'];
const azure: Operations = ['azure.chat.completions', 'azure.chat.completions'];
const gemini: Operations = ['gemini.generateContent', 'gemini.streamGenerateContent'];

export const TABLE_PROVIDERS: readonly TableProvider[] = [
  { kind: 'openai-compatible', region: 'eu-west-3', native: { 'openai-chat': chat }, converted: chat, honoursStructuredOutput: true },
  {
    kind: 'bedrock',
    region: 'eu-west-1',
    // Claude's Messages body goes to a Bedrock Claude deployment as InvokeModel.
    native: { 'bedrock-converse': converse, 'bedrock-invoke-nova': invoke, 'bedrock-invoke-claude': invoke, 'bedrock-invoke-mistral': invoke, 'anthropic-messages': invoke },
    converted: converse,
    honoursStructuredOutput: true,
  },
  // A Claude InvokeModel body is turned back into a Messages request by the provider itself.
  { kind: 'anthropic', region: 'eu-west-2', native: { 'anthropic-messages': messages, 'bedrock-invoke-claude': messages }, converted: messages, honoursStructuredOutput: true },
  { kind: 'azure-openai', region: 'eu-south-1', native: { 'openai-chat': azure }, converted: azure, honoursStructuredOutput: true },
  { kind: 'vertex-gemini', region: 'eu-north-1', native: {}, converted: gemini, honoursStructuredOutput: true },
  {
    kind: 'sim',
    region: 'eu-central-1',
    native: { 'openai-chat': chat, 'bedrock-converse': converse, 'bedrock-invoke-nova': invoke, 'bedrock-invoke-claude': invoke, 'bedrock-invoke-mistral': invoke, 'anthropic-messages': messages },
    // Converted requests go to the simulator's first converting protocol, OpenAI chat.
    converted: chat,
    honoursStructuredOutput: true,
  },
];

/** The kinds of the registry the table does not cover (it must cover every one). */
export function uncoveredProviderKinds(): string[] {
  return PROVIDER_KINDS.map((entry) => entry.kind).filter((kind) => !TABLE_PROVIDERS.some((p) => p.kind === kind));
}

export function operationsOf(provider: TableProvider, surface: TableSurface): { route: 'native' | 'converted'; operations: Operations } {
  const native = provider.native[surface];
  return native === undefined ? { route: 'converted', operations: provider.converted } : { route: 'native', operations: native };
}

export interface TableGateway {
  gateway: TestGateway;
  /** Simulator operations seen so far by the upstreams of one provider kind (every simulator behind it). */
  operations(kind: string): Record<SimOperationName, number>;
  close(): Promise<void>;
}

const AZURE_KEY_ENV = 'GEOROUTE_TEST_TABLE_AZURE_KEY';
const ANTHROPIC_KEY_ENV = 'GEOROUTE_TEST_TABLE_ANTHROPIC_KEY';
const fastSim = { timeToFirstTokenMs: 5, tokensPerSecond: 5_000 };

function deploymentsOf(kind: string, region: string, sim: RunningSimulator | undefined, keyFile: string): Array<Record<string, unknown>> {
  const url = sim?.url;
  const each = (extra: (model: string) => Record<string, unknown>) => [NOVA_LITE, CLAUDE, MISTRAL].map((model) => ({ model, region, provider: kind, ...extra(model) }));
  const upstreamName = (model: string) => (model === CLAUDE ? 'claude-upstream' : model === MISTRAL ? 'mistral-upstream' : 'nova-upstream');
  switch (kind) {
    case 'openai-compatible':
      return each((model) => ({ endpoint: `${url}/v1`, upstreamModel: upstreamName(model) }));
    case 'bedrock':
      return each(() => ({ endpoint: url }));
    case 'anthropic':
      return each((model) => ({ endpoint: url, upstreamModel: upstreamName(model), credentials: { apiKeyEnv: ANTHROPIC_KEY_ENV } }));
    case 'azure-openai':
      return each((model) => ({ endpoint: url, upstreamModel: upstreamName(model), credentials: { apiKeyEnv: AZURE_KEY_ENV }, azure: { deploymentType: 'standard', apiVersion: '2024-10-21' } }));
    case 'vertex-gemini':
      return each(() => ({ endpoint: url, upstreamModel: 'gemini-2.5-flash', vertex: { project: 'sim-project', location: 'europe-north1', credentialsFile: keyFile } }));
    case 'sim':
      return each(() => ({ sim: fastSim }));
    default:
      throw new Error(`the table has no deployment for provider kind ${kind}`);
  }
}

export async function startTableGateway(): Promise<TableGateway> {
  const sims = new Map<string, RunningSimulator>();
  const googleKeys: Record<string, string> = {};
  for (const provider of TABLE_PROVIDERS) {
    if (provider.kind === 'sim') continue;
    const options = provider.kind === 'vertex-gemini' ? { googleServiceAccountKeys: googleKeys } : {};
    sims.set(provider.kind, await startRegionSimulator({ regionId: provider.region, ...fastSim, ...options }));
  }
  const vertexSim = sims.get('vertex-gemini');
  const account = createTestServiceAccount(`${vertexSim?.url}/oauth2/token`);
  googleKeys[TEST_CLIENT_EMAIL] = account.publicKeyPem;
  const base = testConfig({ regions: [] });
  const env = { ...process.env, [AZURE_KEY_ENV]: 'azure-test-key', [ANTHROPIC_KEY_ENV]: 'sk-ant-test', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret' };
  const gateway = await startTestGateway(
    {
      ...base,
      models: [...(base.models as unknown[]), claudeModel, mistralModel],
      deployments: TABLE_PROVIDERS.flatMap((p) => deploymentsOf(p.kind, p.region, sims.get(p.kind), account.keyFile)),
    },
    { env },
  );
  const simulatorsOf = (kind: string): RunningSimulator[] => {
    const external = sims.get(kind);
    if (external !== undefined) return [external];
    return gateway.loaded.catalog.deployments
      .filter((d) => d.provider === kind)
      .map((d) => (gateway.providers.get(d.id) as SimProvider).simulator);
  };
  return {
    gateway,
    operations(kind) {
      const total = {} as Record<SimOperationName, number>;
      for (const sim of simulatorsOf(kind)) {
        for (const [name, count] of Object.entries(sim.stats().operations) as Array<[SimOperationName, number]>) total[name] = (total[name] ?? 0) + count;
      }
      return total;
    },
    async close() {
      await gateway.close();
      for (const sim of sims.values()) await sim.close();
    },
  };
}

/** The operations that grew between two readings of `TableGateway.operations`, with how much. */
export function operationsBetween(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).filter(([name, count]) => count !== (before[name] ?? 0)).map(([name, count]) => [name, count - (before[name] ?? 0)]));
}
