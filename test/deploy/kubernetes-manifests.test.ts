/**
 * deploy/kubernetes, checked without a cluster: every manifest parses; the ConfigMap's configuration loads through
 * the real loader with exactly the environment the Deployment provides (so every credential it names comes from the
 * Secret) and validates against the JSON Schema; ports, selectors and the container's arguments fit each other, the
 * image and the CLI; and the probes' paths answer 200 on a gateway started from that configuration, with Redis and
 * PostgreSQL behind it (key prefix and schema prefix of this test's own, removed afterwards).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { pino } from 'pino';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { commandList } from '../../src/cli/command-list.js';
import { parseCommandLine } from '../../src/cli/parse-command-line.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { startGateway } from '../../src/gateway/gateway-runtime.js';
import { compileConfigJsonSchema } from '../support/config-json-schema-validator.js';
import { execForm, lastInstruction, parseDockerfile, stageEnvironment } from '../support/parse-dockerfile.js';
import { REPO_ROOT } from '../support/packed-package.js';
import { deleteKeys, TEST_REDIS_URL } from '../routing/redis-test-kit.js';

const DIR = join(REPO_ROOT, 'deploy/kubernetes');
const POSTGRES_URL = process.env.GEOROUTE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

interface Probe {
  httpGet: { path: string; port: string | number };
}

interface Container {
  args: string[];
  ports: Array<{ name: string; containerPort: number }>;
  env: EnvVar[];
  readinessProbe: Probe;
  livenessProbe: Probe;
  startupProbe?: Probe;
  volumeMounts: Array<{ name: string; mountPath: string }>;
}

interface DeploymentSpec {
  replicas: number;
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string> };
    spec: { terminationGracePeriodSeconds: number; securityContext: { runAsNonRoot: boolean }; containers: Container[]; volumes: Array<{ name: string; configMap?: { name: string } }> };
  };
}

function readManifests(file: string): Manifest[] {
  const documents = parseAllDocuments(readFileSync(join(DIR, file), 'utf8'));
  const list = Array.isArray(documents) ? documents : [documents];
  return list.map((doc) => {
    assert.deepEqual([...doc.errors, ...doc.warnings].map((e) => e.message), [], file);
    const manifest = doc.toJS() as Manifest;
    assert.ok(manifest.apiVersion && manifest.kind, `${file}: apiVersion and kind`);
    assert.ok(manifest.kind === 'Kustomization' || manifest.metadata?.name, `${file}: metadata.name`);
    return manifest;
  });
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
const manifests = files.filter((f) => f !== 'kustomization.yaml').flatMap(readManifests);
function only(kind: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind);
  assert.equal(found.length, 1, `one ${kind}`);
  return found[0];
}
const deployment = only('Deployment') as Manifest & { spec: DeploymentSpec };
const service = only('Service') as Manifest & { spec: { selector: Record<string, string>; ports: Array<{ targetPort: string | number }> } };
const budget = only('PodDisruptionBudget') as Manifest & { spec: { maxUnavailable?: number; minAvailable?: number; selector: { matchLabels: Record<string, string> } } };
const configMap = only('ConfigMap') as Manifest & { data: Record<string, string> };
const secret = only('Secret') as Manifest & { stringData: Record<string, string> };
const container = deployment.spec.template.spec.containers[0];
const podLabels = deployment.spec.template.metadata.labels;
const configText = configMap.data['georoute.yaml'];

/** The environment the Deployment gives the container, with a stand-in for each Secret value. */
function containerEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(container.env.map((v) => [v.name, v.value ?? `from-secret-${v.valueFrom?.secretKeyRef?.key}`]));
}

/** Every `...Env` field of the configuration: the environment variables it reads. */
function referencedEnvironment(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => referencedEnvironment(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key.endsWith('Env') && typeof value === 'string') found.add(value);
      else referencedEnvironment(value, found);
    }
  }
  return found;
}

describe('deploy/kubernetes', () => {
  test('kustomization.yaml lists every manifest but the example Secret, and each parses', () => {
    const kustomization = readManifests('kustomization.yaml')[0] as Manifest & { resources: string[] };
    const expected = files.filter((f) => f !== 'kustomization.yaml' && !f.endsWith('.example.yaml')).sort();
    assert.deepEqual([...kustomization.resources].sort(), expected);
    assert.deepEqual(manifests.map((m) => m.kind).sort(), ['ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Secret', 'Service']);
  });

  test('the ConfigMap loads through the real config loader with exactly the environment the Deployment provides', () => {
    const env = containerEnvironment();
    const loaded = parseConfigText(configText, 'deploy/kubernetes/configmap.yaml', { env });
    assert.ok(loaded.catalog.deployments.length > 0);
    assert.equal(loaded.config.audit.store, 'postgres', 'replicas share one audit store');
    assert.equal(loaded.config.routing.capacityStore.kind, 'redis', 'replicas share capacity');
    const fromSecret = container.env.filter((v) => v.valueFrom?.secretKeyRef).map((v) => v.name).sort();
    assert.deepEqual([...referencedEnvironment(parse(configText))].sort(), fromSecret, 'every variable the config names comes from the Secret, and no other');
    for (const missing of fromSecret) {
      assert.throws(() => parseConfigText(configText, 'configmap', { env: { ...env, [missing]: undefined } }), new RegExp(missing));
    }
  });

  test('the ConfigMap validates against the JSON Schema', () => {
    const validate = compileConfigJsonSchema();
    assert.ok(validate(parse(configText)), JSON.stringify(validate.errors, null, 2));
  });

  test('Secret references name keys of the Secret; the config file is mounted where GEOROUTE_CONFIG points', () => {
    for (const variable of container.env.filter((v) => v.valueFrom)) {
      const ref = variable.valueFrom?.secretKeyRef;
      assert.ok(ref, `${variable.name}: a secretKeyRef`);
      assert.equal(ref.name, secret.metadata.name);
      assert.ok(ref.key in secret.stringData, `${variable.name}: key ${ref.key} is not in ${secret.metadata.name}`);
    }
    const configPath = container.env.find((v) => v.name === 'GEOROUTE_CONFIG')?.value ?? '';
    const volume = deployment.spec.template.spec.volumes.find((v) => v.configMap?.name === configMap.metadata.name);
    const mount = container.volumeMounts.find((m) => m.name === volume?.name);
    assert.equal(`${mount?.mountPath}/georoute.yaml`, configPath);
    const dataDir = (parse(configText) as { server: { dataDir: string } }).server.dataDir;
    assert.ok(container.volumeMounts.some((m) => m.mountPath === dataDir), 'server.dataDir is a writable volume');
  });

  test('ports, selectors and replicas fit together, the image and the configuration', () => {
    const dockerRuntime = parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8')).at(-1);
    assert.ok(dockerRuntime);
    const port = container.ports[0];
    assert.equal(String(port.containerPort), lastInstruction(dockerRuntime, 'EXPOSE')?.text);
    assert.equal(port.containerPort, (parse(configText) as { server: { port: number } }).server.port);
    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
      if (probe) assert.ok([port.name, port.containerPort].includes(probe.httpGet.port), `probe port ${probe.httpGet.port}`);
    }
    assert.ok(service.spec.ports.every((p) => [port.name, port.containerPort].includes(p.targetPort)));
    assert.deepEqual(deployment.spec.selector.matchLabels, service.spec.selector);
    assert.deepEqual(budget.spec.selector.matchLabels, service.spec.selector);
    for (const [key, value] of Object.entries(service.spec.selector)) assert.equal(podLabels[key], value);
    assert.ok(deployment.spec.replicas >= 2);
    assert.ok((budget.spec.maxUnavailable ?? deployment.spec.replicas) < deployment.spec.replicas, 'the budget keeps a replica serving');
    assert.equal(deployment.spec.template.spec.securityContext.runAsNonRoot, true);
    assert.equal(stageEnvironment(dockerRuntime).PORT, String(port.containerPort));
  });

  test('the container arguments are a valid `georoute serve` command line, and the grace period outlasts the drain', () => {
    const entry = execForm(lastInstruction(parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8')).at(-1) ?? { image: '', instructions: [] }, 'ENTRYPOINT')?.text ?? '[]');
    assert.deepEqual(entry.slice(-1), ['/app/bin/georoute.js']);
    const [name, ...rest] = container.args;
    const serve = commandList.find((c) => c.name.join(' ') === name);
    assert.ok(serve, `${name} is a georoute command`);
    const { values } = parseCommandLine(rest, serve.options);
    assert.equal(values.host, '0.0.0.0');
    const drainMs = (values['drain-ms'] as number | undefined) ?? 25_000;
    assert.ok(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000 > drainMs);
  });

  test('the probes answer 200 on a gateway started from the ConfigMap (Redis and PostgreSQL behind it)', async (t) => {
    const suffix = `${process.pid}_${Date.now().toString(36)}`;
    const keyPrefix = `georoute-test:deploy:${suffix}:`;
    const schemaPrefix = `georoute_test_deploy_${suffix}`;
    const config = parse(configText) as { server: Record<string, unknown>; audit: { postgres: Record<string, unknown> }; routing: { capacityStore: Record<string, unknown> } };
    config.server.host = '127.0.0.1';
    config.audit.postgres.schemaPrefix = schemaPrefix;
    config.routing.capacityStore.keyPrefix = keyPrefix;
    const env = { ...containerEnvironment(), GEOROUTE_REDIS_URL: TEST_REDIS_URL, GEOROUTE_AUDIT_POSTGRES_URL: POSTGRES_URL };
    const dataDir = mkdtempSync(join(tmpdir(), 'georoute-deploy-'));
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
    t.after(async () => {
      const schemas = await pool.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE left(nspname, length($1)) = $1', [schemaPrefix]);
      for (const { nspname } of schemas.rows) await pool.query(`DROP SCHEMA ${nspname} CASCADE`);
      await pool.end();
      await deleteKeys(keyPrefix);
      rmSync(dataDir, { recursive: true, force: true });
    });
    const loaded = parseConfigText(stringify(config), 'configmap', { env, cwd: dataDir });
    const previous = { ...process.env };
    Object.assign(process.env, env); // the gateway reads credentials from process.env when it starts
    const gateway = await startGateway({ ...loaded, dataDir, path: join(dataDir, 'georoute.yaml'), isBundledDemo: false }, { port: 0, logger: pino({ level: 'silent' }) })
      .finally(() => {
        for (const name of Object.keys(env)) if (!(name in previous)) delete process.env[name];
      });
    try {
      for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
        if (!probe) continue;
        const answer = await fetch(`${gateway.url}${probe.httpGet.path}`);
        assert.equal(answer.status, 200, `${probe.httpGet.path}: ${await answer.text()}`);
      }
    } finally {
      await gateway.close();
    }
  });
});
