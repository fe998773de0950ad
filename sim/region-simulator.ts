/**
 * A real HTTP(S) server standing in for one region's model endpoint. It speaks the OpenAI chat-completions, Bedrock
 * Runtime, Anthropic Messages, Azure OpenAI and Vertex AI Gemini wire protocols, enforces its own capacity, injects
 * faults on request, and answers with deterministic text. See docs/simulator.md.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createSeededRandom, hashText } from './deterministic-text.js';
import { SimCapacity } from './sim-capacity.js';
import { handleSimAdminRequest, type SimAdminControls } from './sim-admin-handler.js';
import { handleGoogleTokenRequest } from './gemini-access-tokens.js';
import { SimError } from './sim-error.js';
import { writeJson } from './sim-http-io.js';
import { SimPromptCache } from './sim-prompt-cache.js';
import { resolveSimRoute } from './sim-routes.js';
import { SimStatsRecorder } from './sim-stats-recorder.js';
import { serveInferenceRequest, type SimulatorRuntime } from './serve-inference-request.js';
import { mergeFaults, noSimulatorFaults, parseFaultsPatch, takeStreamError } from './simulator-faults.js';
import type { RunningSimulator, SimulatorFaults, SimulatorOptions } from './simulator-types.js';
import { writeSimError } from './write-sim-error.js';

export const simulatorDefaults = {
  host: '127.0.0.1',
  port: 0,
  timeToFirstTokenMs: 150,
  tokensPerSecond: 60,
  maxConcurrent: 8,
  requestsPerMinute: 1_000_000,
  tokensPerMinute: 100_000_000,
  defaultMaxTokens: 64,
  models: ['sim-model'],
} as const;

function checkOptions(options: SimulatorOptions): void {
  const positive = { tokensPerSecond: options.tokensPerSecond, maxConcurrent: options.maxConcurrent,
    requestsPerMinute: options.requestsPerMinute, tokensPerMinute: options.tokensPerMinute,
    defaultMaxTokens: options.defaultMaxTokens };
  for (const [name, value] of Object.entries(positive)) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
  const ttft = options.timeToFirstTokenMs;
  if (ttft !== undefined && !(Number.isFinite(ttft) && ttft >= 0)) throw new RangeError(`timeToFirstTokenMs must be >= 0, got ${ttft}`);
  if (options.regionId.length === 0) throw new RangeError('regionId must not be empty');
}

function listModels(res: ServerResponse, models: readonly string[]): void {
  const created = Math.floor(Date.now() / 1000);
  writeJson(res, 200, {
    object: 'list',
    data: models.map((id) => ({ id, object: 'model', created, owned_by: 'georoute-sim' })),
  });
}

export async function startRegionSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  checkOptions(options);
  const { regionId } = options;
  let faults: SimulatorFaults = noSimulatorFaults;
  const capacity = new SimCapacity({
    maxConcurrent: options.maxConcurrent ?? simulatorDefaults.maxConcurrent,
    requestsPerMinute: options.requestsPerMinute ?? simulatorDefaults.requestsPerMinute,
    tokensPerMinute: options.tokensPerMinute ?? simulatorDefaults.tokensPerMinute,
  });
  const stats = new SimStatsRecorder(regionId, () => capacity.inFlight);
  const runtime: SimulatorRuntime = {
    regionId,
    pacing: {
      timeToFirstTokenMs: options.timeToFirstTokenMs ?? simulatorDefaults.timeToFirstTokenMs,
      tokensPerSecond: options.tokensPerSecond ?? simulatorDefaults.tokensPerSecond,
    },
    defaultMaxTokens: options.defaultMaxTokens ?? simulatorDefaults.defaultMaxTokens,
    capacity,
    promptCache: new SimPromptCache(),
    stats,
    faults: () => faults,
    takeStreamError: () => {
      const { taken, next } = takeStreamError(faults);
      faults = next;
      return taken;
    },
    random: createSeededRandom(hashText(`faults:${regionId}`)),
  };
  const controls: SimAdminControls = {
    faults: () => faults,
    setFaults: (patch) => {
      faults = mergeFaults(faults, parseFaultsPatch(patch));
    },
    resetFaults: () => {
      faults = noSimulatorFaults;
    },
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
  };
  const models = options.models ?? simulatorDefaults.models;

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    res.on('error', () => undefined); // writes racing a disconnect must not crash the process
    res.setHeader('x-sim-region', regionId);
    const route = resolveSimRoute(req.method ?? 'GET', req.url ?? '/');
    switch (route.kind) {
      case 'admin':
        void handleSimAdminRequest(controls, req, res, route.path);
        return;
      case 'models':
        listModels(res, models);
        return;
      case 'google-token':
        handleGoogleTokenRequest(req, res, {
          lifetimeSeconds: options.googleTokenLifetimeSeconds ?? 3600,
          serviceAccountKeys: options.googleServiceAccountKeys,
          onIssued: () => stats.recordGoogleTokenIssued(),
        }).catch(() => writeSimError(res, 'gemini', new SimError('invalid_request', 'The token request could not be read.')));
        return;
      case 'inference':
        void serveInferenceRequest(runtime, route.operation, route.modelId, req, res);
        return;
      case 'method-not-allowed':
        res.setHeader('allow', route.allowed);
        writeSimError(res, route.protocol, new SimError('method_not_allowed', `Use ${route.allowed} for ${req.url}.`));
        return;
      case 'unknown':
        writeSimError(res, route.protocol, new SimError('unknown_route', `No route for ${req.method} ${req.url}.`));
    }
  };

  const server: Server = options.tls === undefined
    ? createHttpServer(onRequest)
    : createHttpsServer({
      cert: options.tls.cert,
      key: options.tls.key,
      ca: options.tls.ca === undefined ? undefined : ([] as Array<string | Buffer>).concat(options.tls.ca),
      requestCert: options.tls.requestCert === true,
      rejectUnauthorized: options.tls.requestCert === true,
    }, onRequest);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? simulatorDefaults.port, options.host ?? simulatorDefaults.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const scheme = options.tls === undefined ? 'http' : 'https';

  let closing: Promise<void> | undefined;
  return {
    url: `${scheme}://${host}:${address.port}`,
    port: address.port,
    regionId,
    setFaults: controls.setFaults,
    resetFaults: controls.resetFaults,
    faults: controls.faults,
    stats: controls.stats,
    resetStats: controls.resetStats,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
