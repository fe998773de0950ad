/**
 * The last 15 minutes of traffic, for the dashboard's charts and map: per 5-second step, requests finished, of which
 * succeeded, spilled over and refused, and a latency histogram for the p95 of successful requests; plus the flows
 * (source region -> inference region) of the last minute. An `onOutcome` observer: each observation is O(1) (a few
 * increments in the current step); nothing is kept beyond the window, and no content, id or message at all.
 */
import type { RequestOutcome } from '../pipeline/request-outcome.js';

export const TIMELINE_STEP_MS = 5_000;
export const TIMELINE_WINDOW_MS = 15 * 60_000;
export const FLOW_WINDOW_MS = 60_000;

/** Upper bounds (ms) of the latency buckets: 1 ms to about 5 minutes, each 25% above the last. */
const LATENCY_BOUNDS_MS: readonly number[] = Array.from({ length: 57 }, (_, i) => Math.round(1.25 ** i * 100) / 100);

export interface TimelinePoint {
  /** Epoch ms the step starts. */
  t: number;
  requests: number;
  succeeded: number;
  /** Successful requests that ran outside their source region. */
  spilled: number;
  /** Requests answered with an error status (4xx/5xx). */
  refused: number;
  /** 95th percentile of the successful requests' duration in this step (bucket upper bound), null without any. */
  p95Ms: number | null;
}

export interface TimelineFlow {
  sourceRegion: string;
  inferenceRegion: string;
  /** Successful requests in the last minute. */
  count: number;
}

export interface TimelineSnapshot {
  stepMs: number;
  windowMs: number;
  /** Oldest first; steps without traffic are included with zero counts, so the x axis is even. */
  points: TimelinePoint[];
  flowWindowMs: number;
  flows: TimelineFlow[];
}

interface Step {
  t: number;
  requests: number;
  succeeded: number;
  spilled: number;
  refused: number;
  latency: Uint32Array | undefined;
  flows: Map<string, TimelineFlow> | undefined;
}

export interface TrafficTimeline {
  observe(outcome: RequestOutcome): void;
  snapshot(): TimelineSnapshot;
}

function latencyBucket(ms: number): number {
  // Binary search for the first bound >= ms; the last bucket holds everything longer.
  let low = 0;
  let high = LATENCY_BOUNDS_MS.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (LATENCY_BOUNDS_MS[mid] >= ms) high = mid;
    else low = mid + 1;
  }
  return low;
}

function percentile(histogram: Uint32Array | undefined, total: number, fraction: number): number | null {
  if (!histogram || total === 0) return null;
  const rank = Math.ceil(total * fraction);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i];
    if (seen >= rank) return LATENCY_BOUNDS_MS[i];
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
}

export function createTrafficTimeline(now: () => number = Date.now): TrafficTimeline {
  const size = TIMELINE_WINDOW_MS / TIMELINE_STEP_MS;
  const steps: Array<Step | undefined> = new Array(size);

  const stepAt = (time: number): Step => {
    const t = Math.floor(time / TIMELINE_STEP_MS) * TIMELINE_STEP_MS;
    const index = (t / TIMELINE_STEP_MS) % size;
    let step = steps[index];
    if (!step || step.t !== t) {
      step = { t, requests: 0, succeeded: 0, spilled: 0, refused: 0, latency: undefined, flows: undefined };
      steps[index] = step;
    }
    return step;
  };

  return {
    observe(outcome) {
      const step = stepAt(now());
      step.requests += 1;
      if (outcome.status >= 400) step.refused += 1;
      if (outcome.error || outcome.status >= 400) return;
      step.succeeded += 1;
      (step.latency ??= new Uint32Array(LATENCY_BOUNDS_MS.length))[latencyBucket(outcome.durationMs)] += 1;
      // A delegating upstream that did not say where it ran: a success, but neither a flow nor a spillover.
      const inference = outcome.inferenceRegionId;
      if (inference === undefined) return;
      if (inference !== outcome.sourceRegionId) step.spilled += 1;
      const flows = (step.flows ??= new Map());
      const key = `${outcome.sourceRegionId}\u0000${inference}`;
      const flow = flows.get(key);
      if (flow) flow.count += 1;
      else flows.set(key, { sourceRegion: outcome.sourceRegionId, inferenceRegion: inference, count: 1 });
    },
    snapshot() {
      const current = Math.floor(now() / TIMELINE_STEP_MS) * TIMELINE_STEP_MS;
      const points: TimelinePoint[] = [];
      const flows = new Map<string, TimelineFlow>();
      for (let t = current - (size - 1) * TIMELINE_STEP_MS; t <= current; t += TIMELINE_STEP_MS) {
        const step = steps[(t / TIMELINE_STEP_MS) % size];
        if (!step || step.t !== t) {
          points.push({ t, requests: 0, succeeded: 0, spilled: 0, refused: 0, p95Ms: null });
          continue;
        }
        points.push({ t, requests: step.requests, succeeded: step.succeeded, spilled: step.spilled, refused: step.refused, p95Ms: percentile(step.latency, step.succeeded, 0.95) });
        if (t > current - FLOW_WINDOW_MS && step.flows) {
          for (const [key, flow] of step.flows) {
            const total = flows.get(key);
            if (total) total.count += flow.count;
            else flows.set(key, { ...flow });
          }
        }
      }
      return { stepMs: TIMELINE_STEP_MS, windowMs: TIMELINE_WINDOW_MS, points, flowWindowMs: FLOW_WINDOW_MS, flows: [...flows.values()] };
    },
  };
}
