import { startRegionSimulator, type RunningSimulator } from '../../../sim/index.js';
import { NOVA_LITE } from '../../support/test-gateway.js';
import { describeSdkClientsThrough } from '../sdk-clients-through-provider.js';
import { createTestServiceAccount, TEST_CLIENT_EMAIL } from './vertex-test-credentials.js';

let sim: RunningSimulator;
let keyFile: string;
const count = () => sim.stats().operations['gemini.generateContent'] + sim.stats().operations['gemini.streamGenerateContent'];

describeSdkClientsThrough({
  kind: 'vertex-gemini',
  region: 'eu-north-1',
  deployment: () => ({
    model: NOVA_LITE, region: 'eu-north-1', provider: 'vertex-gemini', endpoint: sim.url, upstreamModel: 'gemini-2.5-flash',
    vertex: { project: 'sim-project', location: 'europe-north1', credentialsFile: keyFile },
  }),
  refusalPrompt: 'Please sim-safety-block this.',
  upstreamRequests: count,
}, {
  before: async () => {
    const keys: Record<string, string> = {};
    sim = await startRegionSimulator({ regionId: 'europe-north1', timeToFirstTokenMs: 2, tokensPerSecond: 2_000, googleServiceAccountKeys: keys });
    const account = createTestServiceAccount(`${sim.url}/oauth2/token`);
    keys[TEST_CLIENT_EMAIL] = account.publicKeyPem;
    keyFile = account.keyFile;
  },
  after: () => sim.close(),
});
