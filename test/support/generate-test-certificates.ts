/**
 * Test certificates made with the `openssl` CLI in a fresh temp directory, for TLS and mTLS tests:
 *
 * - `ca`: a CA certificate (trust it with undici `connect: { ca }` or a server's `ca`);
 * - `server`: signed by `ca`, for `localhost` (SAN `DNS:localhost`, `IP:127.0.0.1`), extended key usage serverAuth;
 * - `client`: signed by `ca`, CN `georoute-test-client`, extended key usage clientAuth (for mTLS);
 * - `untrusted`: self-signed, same SANs as `server` and both usages, not signed by `ca` (for rejection tests).
 *
 * Keys are EC P-256, unencrypted PEM. Each entry gives file paths (for config files that name them) and the PEM
 * text (for in-process servers and clients). Call `cleanup()` when done (e.g. in `after`).
 *
 *   const certs = await generateTestCertificates();
 *   const sim = await startRegionSimulator({ regionId: 'eu-west-1', tls: { cert: certs.server.cert, key: certs.server.key } });
 *   const agent = new Agent({ connect: { ca: certs.ca.cert } });
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificate {
  certPath: string;
  keyPath: string;
  /** PEM certificate. */
  cert: string;
  /** PEM private key (unencrypted). */
  key: string;
}

export interface TestCertificates {
  /** The temp directory holding every file. */
  dir: string;
  ca: TestCertificate;
  server: TestCertificate;
  client: TestCertificate;
  untrusted: TestCertificate;
  /** Removes `dir`. */
  cleanup(): Promise<void>;
}

export interface GenerateTestCertificatesOptions {
  /** Validity in days. Default 2. */
  days?: number;
  /** Path of the openssl binary. Default `openssl` (from PATH). */
  openssl?: string;
}

const newEcKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const localhostSans = 'subjectAltName=DNS:localhost,IP:127.0.0.1';

export async function generateTestCertificates(options: GenerateTestCertificatesOptions = {}): Promise<TestCertificates> {
  const days = String(options.days ?? 2);
  const openssl = (args: string[]) => run(options.openssl ?? 'openssl', args, { cwd: dir });
  const dir = await mkdtemp(join(tmpdir(), 'georoute-certs-'));
  const path = (name: string) => join(dir, name);

  const selfSigned = async (name: string, subject: string, extensions: string[]) => {
    await openssl(['req', '-x509', ...newEcKey, '-keyout', path(`${name}.key`), '-out', path(`${name}.crt`),
      '-days', days, '-subj', subject, ...extensions.flatMap((e) => ['-addext', e])]);
  };
  const signedByCa = async (name: string, subject: string, extensions: string[]) => {
    await openssl(['req', ...newEcKey, '-keyout', path(`${name}.key`), '-out', path(`${name}.csr`), '-subj', subject]);
    await writeFile(path(`${name}.ext`), `${extensions.join('\n')}\n`);
    await openssl(['x509', '-req', '-in', path(`${name}.csr`), '-CA', path('ca.crt'), '-CAkey', path('ca.key'),
      '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', days, '-out', path(`${name}.crt`),
      '-extfile', path(`${name}.ext`)]);
  };

  try {
    await selfSigned('ca', '/CN=georoute-test-ca', ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign']);
    await signedByCa('server', '/CN=localhost', ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth', localhostSans]);
    await signedByCa('client', '/CN=georoute-test-client', ['basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth', 'subjectAltName=DNS:georoute-test-client']);
    await selfSigned('untrusted', '/CN=localhost', ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth,clientAuth', localhostSans]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`generateTestCertificates: openssl failed: ${(error as Error).message}`, { cause: error });
  }

  const load = async (name: string): Promise<TestCertificate> => ({
    certPath: path(`${name}.crt`),
    keyPath: path(`${name}.key`),
    cert: await readFile(path(`${name}.crt`), 'utf8'),
    key: await readFile(path(`${name}.key`), 'utf8'),
  });
  return {
    dir,
    ca: await load('ca'),
    server: await load('server'),
    client: await load('client'),
    untrusted: await load('untrusted'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
