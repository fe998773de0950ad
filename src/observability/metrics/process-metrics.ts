/**
 * prom-client's default process metrics (CPU, memory, event-loop lag, GC, handles) on one registry per process:
 * they describe the process, not a gateway, and each collector keeps monitors of its own (an event-loop delay
 * histogram, a GC observer), so several gateways in one process (tests, embedding) share them.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | undefined;

export function processMetricsRegistry(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    // Gauges named like counters (promtool rejects them); `nodejs_active_handles{type}` etc. hold the same counts by type.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) processRegistry.removeSingleMetric(name);
  }
  return processRegistry;
}
