/** Shared by the dashboard tests: read `/admin/state` of a running test gateway, and find things in it. */
import type { DeploymentState, GatewayState } from '../../src/observability/gateway-state.js';
import type { TrafficOutcome } from '../../src/observability/traffic-counters.js';
import type { TestGateway } from '../support/test-gateway.js';

export async function fetchState(gateway: TestGateway, key?: string): Promise<{ status: number; state?: GatewayState; text: string }> {
  const response = await fetch(`${gateway.url}/admin/state`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const text = await response.text();
  return { status: response.status, state: response.status === 200 ? (JSON.parse(text) as GatewayState) : undefined, text };
}

export async function adminState(gateway: TestGateway): Promise<GatewayState> {
  const { status, state, text } = await fetchState(gateway);
  if (!state) throw new Error(`/admin/state answered ${status}: ${text}`);
  return state;
}

export function deploymentIn(state: GatewayState, region: string): DeploymentState {
  const found = state.deployments.find((d) => d.region === region);
  if (!found) throw new Error(`no deployment in ${region}`);
  return found;
}

/** Requests counted for (source, inference region, outcome); `null` inference region: never served. */
export function routeCount(state: GatewayState, source: string, inference: string | null, outcome: TrafficOutcome = 'success'): number {
  return state.traffic.routes.find((r) => r.sourceRegion === source && r.inferenceRegion === inference && r.outcome === outcome)?.count ?? 0;
}
