/**
 * Builds a running gateway from a loaded configuration: providers (starting simulators), capacity store, router,
 * authenticator, audit trail, metrics; then listens. `close()` stops everything it started.
 */
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { createAuthenticator, type Authenticator } from '../auth/authenticator.js';
import type { ApplicationProfileStore } from '../catalog/application-profile-store.js';
import { ProfileResolver } from '../catalog/profile-resolver.js';
import { applicationProfileStorePath, openSqliteApplicationProfileStore } from '../catalog/sqlite-application-profile-store.js';
import type { LoadedConfig } from '../config/loaded-config.js';
import { createAccessLogObserver } from '../observability/access-log.js';
import { createLogger } from '../observability/create-logger.js';
import { createTrafficCounters } from '../observability/traffic-counters.js';
import { createTrafficTimeline } from '../observability/traffic-timeline.js';
import type { InferenceObserver } from '../observability/inference-observer.js';
import { registerGatewayGauges } from '../observability/metrics/deployment-gauges.js';
import { createRequestMetrics } from '../observability/metrics/request-metrics.js';
import type { AuditSink, PipelineServices } from '../pipeline/pipeline-services.js';
import type { RequestOutcome } from '../pipeline/request-outcome.js';
import { createRouter } from '../routing/failover-dispatcher.js';
import { createCapacityStore, type CapacityStoreHandle } from '../routing/create-capacity-store.js';
import type { CapacityStore } from '../routing/routing-contract.js';
import { startListener, type RunningListener } from '../server/http-listener.js';
import { createProviders } from '../providers/provider-registry.js';
import type { InferenceProvider } from '../inference/inference-provider-contract.js';
import { createApiHandler, createMalformedRequestResponder, type ApiSurfaceDefinition } from '../api/create-api-handler.js';
import { apiSurfaces } from '../api/api-surfaces.js';
import { createAuditSink } from './create-audit-sink.js';
import { openResponseStores } from '../responses-store/open-response-stores.js';
import type { GatewayContext } from './gateway-context.js';
import { createGatewayHealth } from './gateway-health.js';
import { openSharedState } from '../state/open-shared-state.js';
import { startReplicaTraffic, type ReplicaTraffic } from '../observability/replica-traffic.js';
import { replicaIdFrom } from './replica-id.js';
import { createSharedSessionMemory, type RedisSessionAffinity } from '../routing/redis-session-affinity.js';

export interface GatewayOptions {
  /** Override server.host / server.port (0 = ephemeral). */
  host?: string;
  port?: number;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  capacityStore?: CapacityStore;
  surfaces?: readonly ApiSurfaceDefinition[];
}

export interface RunningGateway {
  url: string;
  port: number;
  context: GatewayContext;
  providers: ReadonlyMap<string, InferenceProvider>;
  /** Requests whose response is not complete yet. */
  inFlight(): number;
  /**
   * Stops accepting connections, gives requests in flight up to `graceMs` to finish (their audit records are
   * committed as usual), then closes the rest and everything the gateway started.
   */
  close(graceMs?: number): Promise<void>;
}

export async function startGateway(loaded: LoadedConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger(env);
  const { config, catalog } = loaded;
  const state = await openSharedState({
    config,
    catalog,
    dataDir: loaded.dataDir,
    env,
    refresh: true,
    onError: (error, context) => logger.warn({ err: error, context }, 'shared state'),
  });
  let authenticator: Authenticator;
  try {
    authenticator = createAuthenticator(config.auth, {
      knownRegions: new Set(catalog.regions.keys()),
      defaultSourceRegion: config.server.defaultSourceRegion,
      env,
      managed: state.registry,
    });
  } catch (error) {
    await state.close();
    throw error;
  }
  const metrics = new Registry();
  const providers = await createProviders(catalog.deployments, env);
  let replicaTraffic: ReplicaTraffic | undefined;
  let sessions: RedisSessionAffinity | undefined;
  let audit: AuditSink | undefined;
  let listener: RunningListener | undefined;
  let applicationProfiles: ApplicationProfileStore | undefined;
  let capacityHandle: CapacityStoreHandle | undefined;
  let tracing: InferenceObserver | undefined;
  try {
    applicationProfiles = state.applicationProfiles ?? openSqliteApplicationProfileStore(applicationProfileStorePath(loaded.dataDir));
    capacityHandle = options.capacityStore
      ? { store: options.capacityStore, close: async () => undefined }
      : await createCapacityStore(config.routing, {
          env,
          onError: (error, context) => logger.warn({ err: error, context }, 'shared capacity store'),
        });
    const capacity = capacityHandle.store;
    sessions = await createSharedSessionMemory(config.routing, env, (error) => logger.warn({ err: error }, 'shared session affinity'));
    const router = createRouter({
      catalog,
      store: capacity,
      sessions,
      options: {
        maxAttempts: config.routing.maxAttempts,
        deadlineMs: config.routing.deadlineMs,
        queue: config.routing.queue,
        cancelHoldMs: config.routing.cancelHoldMs,
        upstreamErrorText: config.audit.contentLogging.upstreamErrorText,
      },
    });
    const sink = await createAuditSink(loaded, metrics, env, (error) => logger.warn({ err: error }, 'audit store connection failed'));
    audit = sink.audit;
    const traffic = createTrafficCounters();
    const timeline = createTrafficTimeline();
    if (state.db.dialect === 'postgres') {
      replicaTraffic = startReplicaTraffic({ db: state.db, replicaId: replicaIdFrom(env), traffic, timeline, onError: (error) => logger.warn({ err: error }, 'replica traffic') });
    }
    registerGatewayGauges(metrics, {
      catalog,
      capacity,
      queue: { waiting: () => router.queueWaiting(), maxWaiting: config.routing.queue.maxWaiting },
      httpInFlight: () => listener?.inFlight() ?? 0,
    });
    // The OTLP exporter and the tracing SDK load only when tracing is on (ioredis, likewise, only with Redis).
    tracing = config.observability.tracing.enabled
      ? (await import('../observability/tracing/start-otlp-tracing.js')).startOtlpTracing(config.observability.tracing, catalog)
      : undefined;
    const onOutcome: Array<(outcome: RequestOutcome) => void> = [
      ...sink.observers,
      createRequestMetrics(metrics, catalog),
      (outcome) => traffic.observe(outcome),
      (outcome) => timeline.observe(outcome),
      createAccessLogObserver(logger),
      (outcome) => state.limits.account(outcome),
    ];
    const services: PipelineServices = {
      catalog,
      router,
      capacity,
      providerFor: (id) => {
        const provider = providers.get(id);
        if (!provider) throw new Error(`no provider for deployment ${id}`);
        return provider;
      },
      audit,
      onOutcome,
      observer: tracing,
      logger,
      limits: state.limits,
    };
    const context: GatewayContext = {
      loaded,
      services,
      router,
      capacity,
      profiles: new ProfileResolver(catalog, applicationProfiles),
      authenticator,
      metrics,
      traffic,
      timeline,
      logger,
      health: createGatewayHealth({ capacityStore: capacity, audit: sink.audit, stateStore: state.db }),
      state,
      replicaTraffic,
      responseStores: openResponseStores(loaded),
    };
    const surfaces = options.surfaces ?? apiSurfaces(context);
    const handler = createApiHandler(context, surfaces);
    listener = await startListener(handler, {
      host: options.host ?? config.server.host,
      port: options.port ?? config.server.port,
      tls: config.server.tls,
      connections: config.server.connections,
      onUnhandledError: (error) => logger.error({ err: error }, 'unhandled error in request handler'),
      answerMalformed: createMalformedRequestResponder(surfaces),
    });
    context.health.setState('serving');
    const running = listener;
    const profileStore = applicationProfiles;
    const capacityStore = capacityHandle;
    const tracer = tracing;
    logger.info({ url: running.url, deployments: catalog.deployments.length, config: loaded.path }, 'georoute listening');
    return {
      url: running.url,
      port: running.port,
      context,
      providers,
      inFlight: () => running.inFlight(),
      close: async (graceMs = 0) => {
        context.health.setState('draining');
        await running.close(graceMs);
        await sink.audit.close();
        replicaTraffic?.close();
        sessions?.close();
        await profileStore.close();
        await state.close();
        await context.responseStores?.close();
        await capacityStore.close();
        await Promise.allSettled([...providers.values()].map((p) => p.close()));
        await tracer?.close();
      },
    };
  } catch (error) {
    await listener?.close();
    await audit?.close();
    replicaTraffic?.close();
    sessions?.close();
    await applicationProfiles?.close();
    await state.close();
    await capacityHandle?.close();
    await Promise.allSettled([...providers.values()].map((p) => p.close()));
    await tracing?.close();
    throw error;
  }
}
