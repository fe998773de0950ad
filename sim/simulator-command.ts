/** `georoute sim`: start one region simulator, print its URL, stay up until asked to stop. */
import type { CommandContext, CommandSpec, OptionValues } from '../src/cli/command-contract.js';
import { simulatorDefaults, startRegionSimulator } from './region-simulator.js';
import type { SimulatorOptions } from './simulator-types.js';

const defaultRegion = 'local-1';

function numberOption(values: OptionValues, name: string, minimum: number): number | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number) || number < minimum) {
    throw new RangeError(`--${name} must be a number >= ${minimum}, got ${String(value)}`);
  }
  return number;
}

function simulatorOptionsFrom(values: OptionValues): SimulatorOptions {
  const region = values.region;
  return {
    regionId: typeof region === 'string' && region.length > 0 ? region : defaultRegion,
    host: typeof values.host === 'string' ? values.host : undefined,
    port: numberOption(values, 'port', 0),
    timeToFirstTokenMs: numberOption(values, 'ttft-ms', 0),
    tokensPerSecond: numberOption(values, 'tokens-per-second', 0.001),
    maxConcurrent: numberOption(values, 'max-concurrent', 1),
    requestsPerMinute: numberOption(values, 'rpm', 1),
    tokensPerMinute: numberOption(values, 'tpm', 1),
  };
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

async function runSimulatorCommand(context: CommandContext): Promise<number> {
  let options: SimulatorOptions;
  try {
    options = simulatorOptionsFrom(context.options);
  } catch (error) {
    context.stderr.write(`georoute sim: ${(error as Error).message}\n`);
    return 2;
  }
  let simulator;
  try {
    simulator = await startRegionSimulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'EADDRINUSE' ? ' (port in use: pick another --port, or 0 for any free port)' : '';
    context.stderr.write(`georoute sim: cannot start: ${(error as Error).message}${hint}\n`);
    return 1;
  }
  context.stdout.write(`region simulator ${simulator.regionId} listening on ${simulator.url}\n`);
  await waitForAbort(context.stopSignal);
  await simulator.close();
  return 0;
}

export const simulatorCommand: CommandSpec = {
  name: ['sim'],
  summary: 'Run a region simulator (OpenAI and Bedrock wire protocols) on a local port',
  description: 'Stands in for one region\'s model endpoint: deterministic answers, paced tokens, its own capacity '
    + 'limits, and faults injected through POST /_sim/faults. Stops on Ctrl-C. See docs/simulator.md.',
  options: [
    { name: 'region', type: 'string', valueName: 'REGION', default: defaultRegion, description: 'Region id reported in x-sim-region and stats' },
    { name: 'port', type: 'number', valueName: 'PORT', default: simulatorDefaults.port, description: 'Port to listen on (0: any free port)' },
    { name: 'host', type: 'string', valueName: 'HOST', default: simulatorDefaults.host, description: 'Address to listen on' },
    { name: 'ttft-ms', type: 'number', valueName: 'MS', default: simulatorDefaults.timeToFirstTokenMs, description: 'Time to first token' },
    { name: 'tokens-per-second', type: 'number', valueName: 'N', default: simulatorDefaults.tokensPerSecond, description: 'Output token rate' },
    { name: 'max-concurrent', type: 'number', valueName: 'N', default: simulatorDefaults.maxConcurrent, description: 'Concurrent requests before 429' },
    { name: 'rpm', type: 'number', valueName: 'N', default: simulatorDefaults.requestsPerMinute, description: 'Requests per sliding minute before 429' },
    { name: 'tpm', type: 'number', valueName: 'N', default: simulatorDefaults.tokensPerMinute, description: 'Tokens per sliding minute before 429' },
  ],
  run: runSimulatorCommand,
};
