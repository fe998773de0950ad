import { startRegionSimulator, type RunningSimulator } from '../../../sim/index.js';
import { NOVA_LITE } from '../../support/test-gateway.js';
import { describeSdkClientsThrough } from '../sdk-clients-through-provider.js';

process.env.GEOROUTE_TEST_AZURE_KEY = 'azure-test-key';
let sim: RunningSimulator;

describeSdkClientsThrough({
  kind: 'azure-openai',
  region: 'eu-west-1',
  deployment: () => ({
    model: NOVA_LITE, region: 'eu-west-1', provider: 'azure-openai', endpoint: sim.url, upstreamModel: 'nova-eu-deployment',
    credentials: { apiKeyEnv: 'GEOROUTE_TEST_AZURE_KEY' }, azure: { deploymentType: 'standard', apiVersion: '2024-10-21' },
  }),
  refusalPrompt: 'Please sim-content-filter this.',
  upstreamRequests: () => sim.stats().operations['azure.chat.completions'],
}, {
  before: async () => {
    sim = await startRegionSimulator({ regionId: 'swedencentral', timeToFirstTokenMs: 2, tokensPerSecond: 2_000 });
  },
  after: () => sim.close(),
});
