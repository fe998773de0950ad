/**
 * The bench's measured servers run as plain JavaScript on node alone (bench/lib/compile-bench-process.ts): the mock
 * upstream and the plain proxy, compiled and spawned as the bench spawns them, answer a request through each other
 * with no TypeScript loader in either process, and a file the compiler cannot run on its own is refused.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { startMockUpstream, startPlainProxy, type BenchServer } from '../../bench/lib/bench-servers.js';
import { compileBenchProcess } from '../../bench/lib/compile-bench-process.js';

const started: BenchServer[] = [];
after(() => Promise.all(started.map((s) => s.stop())));

// node runs the compiled file itself: no bin/run-ts.js, so no tsx loader (and its thread and heap) in the process.
test('the mock upstream and the plain proxy run compiled, without tsx, and proxy a chat request', async () => {
  const mock = await startMockUpstream();
  started.push(mock);
  const proxy = await startPlainProxy(mock.ready.url);
  started.push(proxy);
  for (const [server, file] of [[mock, 'mock-upstream-process.js'], [proxy, 'plain-proxy-process.js']] as const) {
    const commandLine = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0');
    assert.ok(commandLine.some((arg) => arg.endsWith(`.bench-build/lib/${file}`)), commandLine.join(' '));
    assert.ok(!commandLine.some((arg) => arg.includes('run-ts')), commandLine.join(' '));
  }
  const response = await fetch(`${proxy.ready.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { choices: unknown[] };
  assert.ok(body.choices.length > 0);
});

test('a file outside bench/lib/ is refused, not compiled into a process that cannot start', () => {
  assert.throws(() => compileBenchProcess('bench/run-bench.ts'), /not in bench\/lib/);
});
