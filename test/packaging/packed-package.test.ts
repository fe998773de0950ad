/**
 * The published package, as a user gets it: `npm pack`, `npm install ./georoute-X.tgz` into an empty project, then
 * the `georoute` bin serves the bundled demo from compiled JavaScript (no tsx, no TypeScript), the exports load and
 * type-check, and the container image's entry command and health check (read from the Dockerfile) work against the
 * same installed files.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execForm, lastInstruction, parseDockerfile, stageEnvironment } from '../support/parse-dockerfile.js';
import { buildPackAndInstall, cleanEnvironment, REPO_ROOT, startServing, type InstalledPackage } from '../support/packed-package.js';

let installed: InstalledPackage;

before(() => {
  installed = buildPackAndInstall();
});
after(() => installed?.remove());

async function chat(url: string): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo-key-georoute', 'x-georoute-source-region': 'eu-central-1' },
    body: JSON.stringify({ model: 'eu.amazon.nova-2-lite-v1:0', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8 }),
  });
}

describe('the packed package', () => {
  test('ships compiled code and what it reads at run time, not sources, tests, bench or docs', () => {
    const { files } = installed;
    const allowed = /^(bin\/georoute\.js|dist\/(src|sim)\/.+\.(js|d\.ts|html)|examples\/.+\.yaml|schema\/.+\.json|package\.json|README\.md|LICENSE)$/;
    assert.deepEqual(files.filter((f) => !allowed.test(f)), []);
    for (const needed of ['bin/georoute.js', 'dist/src/cli/cli-main.js', 'dist/sim/index.js', 'dist/sim/index.d.ts', 'dist/src/dashboard/dashboard-page.html', 'dist/src/dashboard/dashboard.js', 'examples/demo.yaml', 'schema/georoute-config.schema.json']) {
      assert.ok(files.includes(needed), `${needed} is not in the tarball`);
    }
    assert.equal(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).length, 0);
  });

  test('installs without development dependencies: no tsx, no TypeScript', () => {
    for (const dev of ['tsx', 'typescript', 'esbuild', 'fast-check']) {
      assert.equal(existsSync(join(installed.appDir, 'node_modules', dev)), false, `${dev} was installed with the package`);
    }
  });

  test('`georoute serve` from node_modules/.bin serves the demo on an ephemeral port, then stops on SIGTERM', async () => {
    const bin = join(installed.appDir, 'node_modules/.bin/georoute');
    const gateway = await startServing(bin, ['serve', '--port', '0'], { cwd: installed.appDir, env: cleanEnvironment({ GEOROUTE_LOG_LEVEL: 'warn' }) });
    try {
      assert.match(gateway.output(), /config: .*node_modules\/georoute\/examples\/demo\.yaml/);
      assert.equal((await fetch(`${gateway.url}/healthz`)).status, 200);
      const answer = await chat(gateway.url);
      assert.equal(answer.status, 200, await answer.clone().text());
      assert.equal(answer.headers.get('x-georoute-source-region'), 'eu-central-1');
      assert.ok(answer.headers.get('x-georoute-inference-region'));
      assert.equal(((await answer.json()) as { object: string }).object, 'chat.completion');
      const dashboard = await fetch(`${gateway.url}/dashboard`);
      assert.equal(dashboard.status, 200);
      assert.match(await dashboard.text(), /<html/i);
    } finally {
      assert.equal(await gateway.stop(), 0, gateway.output());
    }
    assert.ok(existsSync(join(installed.appDir, '.data')), 'the demo keeps its data under the working directory');
  });

  test('the exports load from a consumer project: georoute/sim, georoute/config, georoute/config-schema.json', () => {
    const script = `
      import { createRequire } from 'node:module';
      import { startRegionSimulator } from 'georoute/sim';
      import { BUNDLED_DEMO_CONFIG, loadConfig } from 'georoute/config';
      const loaded = await loadConfig(BUNDLED_DEMO_CONFIG);
      const sim = await startRegionSimulator({ regionId: 'eu-central-1', timeToFirstTokenMs: 0, tokensPerSecond: 10000 });
      const answer = await fetch(sim.url + '/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'sim-model', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 }) });
      await sim.close();
      const schema = createRequire(import.meta.url)('georoute/config-schema.json');
      console.log(JSON.stringify({ regions: loaded.config.regions.length, status: answer.status, region: answer.headers.get('x-sim-region'), schema: schema.title }));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: installed.appDir, encoding: 'utf8', env: cleanEnvironment() });
    assert.equal(result.status, 0, result.stderr);
    const out = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as { regions: number; status: number; region: string; schema: string };
    assert.ok(out.regions > 0);
    assert.deepEqual({ ...out, regions: 'some' }, { regions: 'some', status: 200, region: 'eu-central-1', schema: 'georoute configuration' });
  });

  test('the exports carry type declarations a TypeScript consumer compiles against', () => {
    const consumer = join(installed.appDir, 'consumer.ts');
    writeFileSync(consumer, [
      "import type { GeorouteConfigInput } from 'georoute/config';",
      "import { startRegionSimulator, type RunningSimulator } from 'georoute/sim';",
      "const server: GeorouteConfigInput['server'] = { defaultSourceRegion: 'eu-central-1', port: 8080 };",
      "const started: Promise<RunningSimulator> = startRegionSimulator({ regionId: server.defaultSourceRegion });",
      'void started;',
      '// @ts-expect-error: a port is a number',
      "const wrong: GeorouteConfigInput['server'] = { defaultSourceRegion: 'eu-central-1', port: '8080' };",
      'void wrong;',
    ].join('\n'));
    const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck',
      '--typeRoots', join(REPO_ROOT, 'node_modules/@types'), '--types', 'node', consumer], { cwd: installed.appDir, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });
});

describe('the container image (Dockerfile), run without a container engine', () => {
  const stages = parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
  const runtime = stages.at(-1);
  assert.ok(runtime);

  test('is multi-stage, runs as a non-root user, has a health check, installs no dev dependencies', () => {
    assert.ok(stages.length >= 2, 'one build stage and a runtime stage');
    assert.match(runtime.image, /-slim$/);
    assert.equal(lastInstruction(runtime, 'USER')?.text, 'node');
    assert.ok(lastInstruction(runtime, 'HEALTHCHECK'));
    assert.ok(runtime.instructions.some((i) => i.keyword === 'COPY' && i.text.startsWith('--from=')), 'the runtime stage copies the build stage output');
    const installs = stages.flatMap((s) => s.instructions).filter((i) => i.keyword === 'RUN' && /npm (ci|install)\b/.test(i.text));
    const imageInstall = installs.find((i) => i.text.includes('--omit=dev'));
    assert.ok(imageInstall, 'the image\'s node_modules come from npm ci --omit=dev');
    assert.equal(lastInstruction(runtime, 'EXPOSE')?.text, stageEnvironment(runtime).PORT);
  });

  test('its ENTRYPOINT + CMD start the installed package, and its HEALTHCHECK passes while it serves and fails after', async () => {
    // The image holds the package at /app and runs in WORKDIR; here /app is the installed package and the working
    // directory a scratch folder. PORT is the image's ENV, set to 0 for an ephemeral port; the listen address
    // (--host 0.0.0.0 in the image) becomes loopback.
    const workdir = mkdtempSync(join(tmpdir(), 'georoute-image-workdir-'));
    const entry = [...execForm(lastInstruction(runtime, 'ENTRYPOINT')?.text ?? '[]'), ...execForm(lastInstruction(runtime, 'CMD')?.text ?? '[]')];
    const command = entry.map((part) => part.replace(/^\/app\//, `${installed.packageDir}/`));
    const hostAt = command.indexOf('--host');
    assert.ok(hostAt > 0, `the image listens on all interfaces: ${entry.join(' ')}`);
    command[hostAt + 1] = '127.0.0.1';
    assert.equal(command[0], 'node');
    const env = cleanEnvironment({ ...stageEnvironment(runtime), PORT: '0', GEOROUTE_LOG_LEVEL: 'warn' });
    const healthcheck = execForm(lastInstruction(runtime, 'HEALTHCHECK')?.text ?? '[]');
    assert.equal(healthcheck[0], 'node');
    const gateway = await startServing(process.execPath, command.slice(1), { cwd: workdir, env });
    try {
      assert.equal((await chat(gateway.url)).status, 200);
      const port = new URL(gateway.url).port;
      const healthy = spawnSync(process.execPath, healthcheck.slice(1), { env: { ...env, PORT: port }, encoding: 'utf8' });
      assert.equal(healthy.status, 0, healthy.stderr);
      assert.equal(await gateway.stop(), 0, gateway.output());
      const unhealthy = spawnSync(process.execPath, healthcheck.slice(1), { env: { ...env, PORT: port }, encoding: 'utf8' });
      assert.notEqual(unhealthy.status, 0);
      assert.ok(existsSync(join(workdir, '.data')), 'data under the working directory, not beside the code');
    } finally {
      await gateway.stop();
      rmSync(workdir, { recursive: true, force: true });
    }
  });
});
