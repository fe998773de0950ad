/**
 * Gauges read when Prometheus scrapes, never on the request path: per deployment its requests in flight, breaker
 * state, headroom, throttling and learned limits beside the declared ones (from the capacity store's snapshot, so
 * with the Redis store they are the fleet's shared values); the router's queue; the listener's open requests.
 */
import { Gauge, type Registry } from 'prom-client';
import type { Catalog, Deployment } from '../../catalog/catalog-types.js';
import { headroomOf } from '../../routing/capacity-outlook.js';
import type { BreakerState, CapacityStore, DeploymentSnapshot } from '../../routing/routing-contract.js';

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'half-open', 'open'];
const deploymentLabels = ['deployment', 'region', 'model'] as const;

export interface GatewayGaugeSources {
  catalog: Catalog;
  capacity: CapacityStore;
  /** Dispatches waiting in the bounded queue for capacity, and the queue's size. */
  queue: { waiting(): number; maxWaiting: number };
  /** HTTP requests whose response is not complete (every route); 0 before the listener starts. */
  httpInFlight(): number;
  now?: () => number;
}

function labelsOf(deployment: Deployment): { deployment: string; region: string; model: string } {
  return { deployment: deployment.id, region: deployment.regionId, model: deployment.modelId };
}

export function registerGatewayGauges(registry: Registry, sources: GatewayGaugeSources): void {
  const registers = [registry];
  const now = sources.now ?? Date.now;
  const { catalog, capacity } = sources;
  /** One snapshot per deployment per scrape, shared by the gauges below (prom-client collects them in turn). */
  let pending: Promise<ReadonlyArray<readonly [Deployment, DeploymentSnapshot | undefined]>> | undefined;
  const snapshots = (): Promise<ReadonlyArray<readonly [Deployment, DeploymentSnapshot | undefined]>> => {
    pending ??= Promise.all(
      catalog.deployments.map(async (d) => [d, await capacity.snapshot(d, now()).catch(() => undefined)] as const),
    ).finally(() => setImmediate(() => (pending = undefined)));
    return pending;
  };

  const perDeployment = (name: string, help: string, value: (snapshot: DeploymentSnapshot, deployment: Deployment) => number): void => {
    new Gauge({
      name,
      help,
      labelNames: deploymentLabels,
      registers,
      async collect() {
        this.reset();
        for (const [deployment, snapshot] of await snapshots()) {
          if (snapshot) this.set(labelsOf(deployment), value(snapshot, deployment));
        }
      },
    });
  };

  perDeployment('georoute_deployment_in_flight', 'Requests running now against the deployment.', (s) => s.inFlight);
  perDeployment('georoute_deployment_headroom_ratio', 'Headroom as the route planner computes it: 0 (saturated or throttled) to 1 (idle).', (s) => headroomOf(s, now()));
  perDeployment('georoute_deployment_throttled', '1 while the deployment asked not to be called (Retry-After), else 0.', (s) => (s.throttledUntil > now() ? 1 : 0));
  perDeployment('georoute_deployment_consecutive_failures', 'Failures in a row, counting towards opening the breaker.', (s) => s.consecutiveFailures);

  new Gauge({
    name: 'georoute_deployment_breaker_state',
    help: 'Circuit breaker of the deployment: 1 for its current state, 0 for the others.',
    labelNames: [...deploymentLabels, 'state'],
    registers,
    async collect() {
      this.reset();
      for (const [deployment, snapshot] of await snapshots()) {
        if (!snapshot) continue;
        for (const state of BREAKER_STATES) this.set({ ...labelsOf(deployment), state }, snapshot.breaker === state ? 1 : 0);
      }
    },
  });

  const limitGauge = (name: string, help: string, read: (s: DeploymentSnapshot | undefined, d: Deployment) => Record<string, number> | undefined): void => {
    new Gauge({
      name,
      help,
      labelNames: [...deploymentLabels, 'limit'],
      registers,
      async collect() {
        this.reset();
        for (const [deployment, snapshot] of await snapshots()) {
          const limits = read(snapshot, deployment);
          if (!limits) continue;
          for (const [limit, value] of Object.entries(limits)) this.set({ ...labelsOf(deployment), limit }, value);
        }
      },
    });
  };
  limitGauge('georoute_deployment_learned_limit', 'Limits learned from 429s and x-ratelimit-* headers (recovering towards the declared ones).', (s) =>
    s && { max_concurrent: s.learnedMaxConcurrent, requests_per_minute: s.learnedRequestsPerMinute, tokens_per_minute: s.learnedTokensPerMinute });
  limitGauge('georoute_deployment_declared_limit', 'Limits declared in the configuration.', (_s, d) => ({
    max_concurrent: d.capacity.maxConcurrent,
    requests_per_minute: d.capacity.requestsPerMinute,
    tokens_per_minute: d.capacity.tokensPerMinute,
  }));

  new Gauge({
    name: 'georoute_route_queue_waiting',
    help: 'Dispatches of this replica waiting in the bounded queue for capacity.',
    registers,
    collect() {
      this.set(sources.queue.waiting());
    },
  });
  new Gauge({ name: 'georoute_route_queue_capacity', help: 'Size of the bounded queue (routing.queue.maxWaiting).', registers }).set(sources.queue.maxWaiting);
  new Gauge({
    name: 'georoute_http_requests_in_flight',
    help: 'HTTP requests of this replica whose response is not complete yet (every route, streams included).',
    registers,
    collect() {
      this.set(sources.httpInFlight());
    },
  });
}
