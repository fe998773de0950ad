import type { CommandSpec } from '../command-contract.js';

export const serveCommand: CommandSpec = {
  name: ['serve'],
  summary: 'run the gateway (what `npm start` does)',
  description: 'Listens on server.host:server.port of the configuration (PORT or --port override the port).',
  options: [
    { name: 'port', type: 'number', valueName: 'PORT', description: 'listen port (default: $PORT, else server.port)' },
    { name: 'host', type: 'string', valueName: 'HOST', description: 'listen address (default: server.host)' },
    { name: 'drain-ms', type: 'number', valueName: 'MS', default: 25_000, description: 'on SIGTERM/SIGINT, how long requests in flight (streams included) may take to finish before connections are closed' },
  ],
  async run(context) {
    const loaded = await context.loadConfig();
    // Loaded on use, so `georoute --help` and the other commands start without the whole gateway.
    const { startGateway } = await import('../../gateway/gateway-runtime.js');
    const envPort = process.env.PORT ? Number(process.env.PORT) : undefined;
    const port = (context.options.port as number | undefined) ?? (Number.isInteger(envPort) ? envPort : undefined);
    const gateway = await startGateway(loaded, { port, host: context.options.host as string | undefined });
    context.stdout.write(`georoute is serving on ${gateway.url} (config: ${loaded.path})\n`);
    context.stdout.write(`  OpenAI API:  ${gateway.url}/v1/chat/completions   models: ${gateway.url}/v1/models\n`);
    context.stdout.write(`  Bedrock API: endpoint ${gateway.url} (AWS SDK: endpoint option; region = source region)\n`);
    context.stdout.write(`  health:      ${gateway.url}/healthz   metrics: ${gateway.url}/metrics   dashboard: ${gateway.url}/dashboard\n`);
    await new Promise<void>((resolve) => context.stopSignal.addEventListener('abort', () => resolve(), { once: true }));
    const drainMs = Math.max(0, context.options['drain-ms'] as number);
    context.stdout.write(`georoute: stopping; ${gateway.inFlight()} request(s) in flight get up to ${drainMs} ms to finish\n`);
    await gateway.close(drainMs);
    context.stdout.write('georoute: stopped\n');
    return 0;
  },
};
