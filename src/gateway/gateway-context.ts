/** Everything a request handler may use, built once at start-up by createGatewayRuntime. */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Authenticator } from '../auth/authenticator.js';
import type { ProfileResolver } from '../catalog/profile-resolver.js';
import type { LoadedConfig } from '../config/loaded-config.js';
import type { TrafficCounters } from '../observability/traffic-counters.js';
import type { TrafficTimeline } from '../observability/traffic-timeline.js';
import type { GatewayHealth } from './gateway-health.js';
import type { PipelineServices } from '../pipeline/pipeline-services.js';
import type { CapacityStore, Router } from '../routing/routing-contract.js';
import type { SharedState } from '../state/open-shared-state.js';
import type { ReplicaTraffic } from '../observability/replica-traffic.js';
import type { ResponseStores } from '../responses-store/response-stores.js';

export interface GatewayContext {
  loaded: LoadedConfig;
  services: PipelineServices;
  router: Router;
  capacity: CapacityStore;
  profiles: ProfileResolver;
  authenticator: Authenticator;
  metrics: Registry;
  /** Requests by source/inference region and errors by code since start-up (the dashboard's /admin/state). */
  traffic: TrafficCounters;
  /** The last 15 minutes of traffic, for the dashboard's charts and map. */
  timeline: TrafficTimeline;
  logger: Logger;
  /** Readiness for /healthz/ready and /healthz: the gateway's state and its dependencies' health. */
  health: GatewayHealth;
  /** Managed keys, team limits, usage counters (src/state/): the admin key API and `/admin/usage` use it. */
  state: SharedState;
  /** Every replica's traffic (state.store: postgres); undefined: this replica's alone. */
  replicaTraffic?: ReplicaTraffic;
  /** The Responses API's response store, per source region; undefined unless `responses.store.enabled`. */
  responseStores?: ResponseStores;
}
