import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { request } from 'undici';
import type { CommandContext, OptionValues } from '../../src/cli/command-contract.js';
import { simulatorCommand } from '../../sim/simulator-command.js';
import { waitFor } from './sim-test-client.js';

function commandContext(options: OptionValues, stop: AbortController) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
  const context: CommandContext = {
    options,
    positionals: [],
    stdout,
    stderr,
    loadConfig: () => Promise.reject(new Error('not used')),
    stopSignal: stop.signal,
  };
  return { context, out: () => out, err: () => err };
}

describe('georoute sim command', () => {
  test('is declared as data with the documented options', () => {
    assert.deepEqual(simulatorCommand.name, ['sim']);
    assert.deepEqual(simulatorCommand.options.map((o) => o.name),
      ['region', 'port', 'host', 'ttft-ms', 'tokens-per-second', 'max-concurrent', 'rpm', 'tpm']);
  });

  test('starts a simulator, prints its URL, serves until the stop signal, then returns 0', async () => {
    const stop = new AbortController();
    const io = commandContext({ region: 'eu-west-3', port: 0, 'ttft-ms': 1, 'tokens-per-second': 5000, rpm: 10 }, stop);
    const running = simulatorCommand.run(io.context);
    await waitFor(() => io.out().includes('http://'), 'the URL to be printed');
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(io.out())?.[1];
    assert.ok(url !== undefined, io.out());
    const response = await request(`${url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 1 }),
    });
    await response.body.dump();
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['x-sim-region'], 'eu-west-3');
    assert.equal(response.headers['x-ratelimit-limit-requests'], '10');
    stop.abort();
    assert.equal(await running, 0);
    await assert.rejects(request(`${url}/v1/models`), 'the server is closed');
  });

  test('an invalid option is one line on stderr and exit code 2', async () => {
    const io = commandContext({ rpm: 0 }, new AbortController());
    assert.equal(await simulatorCommand.run(io.context), 2);
    assert.match(io.err(), /^georoute sim: --rpm must be a number >= 1, got 0\n$/);
  });
});
