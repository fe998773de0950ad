/**
 * The gateway's readiness: its own state (starting, serving, draining on shutdown) and its dependencies' health
 * (observability/dependency-health.ts). `/healthz/ready` and `/healthz` answer from it.
 */
import { createReadinessCheck, type DependencyHealth, type HealthCheck } from '../observability/dependency-health.js';

export type GatewayState = 'starting' | 'serving' | 'draining';

export interface GatewayReadiness {
  ready: boolean;
  /** `ready`, or why not: `starting`, `draining`, `not_ready` (a dependency is down). */
  status: 'ready' | 'starting' | 'draining' | 'not_ready';
  dependencies: Record<string, DependencyHealth>;
}

export interface GatewayHealth {
  readiness(): Promise<GatewayReadiness>;
  setState(state: GatewayState): void;
}

export function createGatewayHealth(dependencies: Readonly<Record<string, HealthCheck>>, timeoutMs?: number): GatewayHealth {
  const check = createReadinessCheck(dependencies, { timeoutMs });
  let state: GatewayState = 'starting';
  return {
    setState(next) {
      state = next;
    },
    async readiness() {
      const report = await check();
      if (state !== 'serving') return { ready: false, status: state, dependencies: report.dependencies };
      return { ready: report.ready, status: report.ready ? 'ready' : 'not_ready', dependencies: report.dependencies };
    },
  };
}
