/**
 * A service-account key file for tests: a locally generated RSA key whose `token_uri` is the simulator's token
 * endpoint, so google-auth-library signs real assertions and nothing reaches Google.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestServiceAccount {
  keyFile: string;
  clientEmail: string;
  publicKeyPem: string;
}

export const TEST_CLIENT_EMAIL = 'georoute-test@sim-project.iam.gserviceaccount.com';

/** Keys for `startRegionSimulator({ googleServiceAccountKeys })`, and a key file pointing at `tokenUri`. */
export function createTestServiceAccount(tokenUri: string): TestServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyFile = join(mkdtempSync(join(tmpdir(), 'georoute-vertex-')), 'service-account.json');
  writeFileSync(keyFile, JSON.stringify({
    type: 'service_account',
    project_id: 'sim-project',
    private_key_id: 'sim-key-1',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: TEST_CLIENT_EMAIL,
    client_id: '1234567890',
    token_uri: tokenUri,
  }));
  return { keyFile, clientEmail: TEST_CLIENT_EMAIL, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}
