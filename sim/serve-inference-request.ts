/**
 * The life of one inference request, in named stages:
 * receive (count, read body) -> inject faults -> parse -> admit (capacity) -> delay (latency fault) ->
 * respond (paced) -> account. Stages throw SimError; errors become wire responses in one place (writeSimError).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { completePrompt } from './sim-completion.js';
import { anthropicRateLimitHeaders, rateLimitHeaders, type SimCapacity } from './sim-capacity.js';
import { SimError } from './sim-error.js';
import { cutConnection, readRequestBody } from './sim-http-io.js';
import type { SimOperation } from './sim-operation.js';
import type { SimPromptCache } from './sim-prompt-cache.js';
import type { SimStatsRecorder } from './sim-stats-recorder.js';
import type { SimulatorFaults, SimulatorStreamFailure, SimulatorThrottleReason } from './simulator-types.js';
import { RequestCancelledError, sleep, type SimPacing } from './token-pacer.js';
import { writeSimError } from './write-sim-error.js';

/** The state one running simulator shares between its requests. */
export interface SimulatorRuntime {
  regionId: string;
  pacing: SimPacing;
  defaultMaxTokens: number;
  capacity: SimCapacity;
  /** Anthropic prompt caching: which `cache_control` prefixes this region has seen. */
  promptCache: SimPromptCache;
  stats: SimStatsRecorder;
  faults(): SimulatorFaults;
  /** This stream's share of the `streamError` fault, counting a counted fault down by one; null: none. */
  takeStreamError(): SimulatorStreamFailure | null;
  /** Draws for the `errorRate` fault (seeded, so a run is reproducible). */
  random(): number;
}

type FaultVerdict = { kind: 'refuse' } | { kind: 'stall' } | { kind: 'error'; error: SimError; throttled: boolean } | { kind: 'none' };

function injectFaults(faults: SimulatorFaults, random: () => number): FaultVerdict {
  if (faults.outage === 'refuse') return { kind: 'refuse' };
  if (faults.stall) return { kind: 'stall' };
  if (faults.outage === 'http-503') {
    return { kind: 'error', throttled: false, error: new SimError('service_unavailable', 'The region is unavailable (simulated outage).') };
  }
  if (faults.throttle !== null) {
    const error = new SimError('rate_limit_exceeded', 'Rate limit reached (simulated throttling).', {
      retryAfterSeconds: faults.throttle.retryAfterSeconds,
    });
    return { kind: 'error', throttled: true, error };
  }
  if (faults.errorRate > 0 && random() < faults.errorRate) {
    return { kind: 'error', throttled: false, error: new SimError('injected_error', 'The model failed (simulated error).') };
  }
  return { kind: 'none' };
}

function throttleMessage(limit: SimulatorThrottleReason, retryAfterSeconds: number): string {
  const what = limit === 'concurrency' ? 'concurrent requests' : limit === 'requests' ? 'requests per minute' : 'tokens per minute';
  return `Rate limit reached for ${what}. Please try again in ${retryAfterSeconds}s.`;
}

export async function serveInferenceRequest(
  runtime: SimulatorRuntime,
  operation: SimOperation,
  modelId: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { stats } = runtime;
  // Stage: receive.
  stats.recordReceived(operation.name, req.headers.authorization);
  const faults = runtime.faults();
  const cancel = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) cancel.abort();
  });
  try {
    const body = await readRequestBody(req);
    // Stage: inject faults.
    const verdict = injectFaults(faults, () => runtime.random());
    if (verdict.kind === 'refuse') {
      stats.record('failed');
      cutConnection(res);
      return;
    }
    if (verdict.kind === 'stall') {
      stats.record('stalled');
      return;
    }
    if (verdict.kind === 'error') {
      if (verdict.throttled) stats.recordThrottled('fault');
      else stats.record('failed');
      writeSimError(res, operation.protocol, verdict.error);
      return;
    }
    // Stage: parse.
    const query = new URL(req.url ?? '/', 'http://sim').searchParams;
    const prepared = operation.prepare(body, { modelId, defaultMaxTokens: runtime.defaultMaxTokens, promptCache: runtime.promptCache, headers: req.headers, query });
    const completion = prepared.complete?.() ?? completePrompt(prepared.prompt);
    // Stage: admit.
    const admission = runtime.capacity.tryAdmit(completion.inputTokens + prepared.prompt.maxTokens);
    const limitHeaders = operation.protocol === 'anthropic' ? anthropicRateLimitHeaders(admission.snapshot) : rateLimitHeaders(admission.snapshot);
    for (const [name, value] of Object.entries(limitHeaders)) res.setHeader(name, value);
    if (!admission.admitted) {
      stats.recordThrottled(admission.limit);
      const message = throttleMessage(admission.limit, admission.retryAfterSeconds);
      writeSimError(res, operation.protocol, new SimError('rate_limit_exceeded', message, {
        retryAfterSeconds: admission.retryAfterSeconds,
      }));
      return;
    }
    stats.recordAdmitted();
    try {
      // Stage: delay.
      if (faults.latencyMs > 0) await sleep(faults.latencyMs, cancel.signal);
      // Stage: respond.
      const outcome = await prepared.respond({
        req,
        res,
        signal: cancel.signal,
        regionId: runtime.regionId,
        requestId: randomUUID(),
        startedAt: performance.now(),
        pacing: runtime.pacing,
        disconnectAfterChunks: faults.disconnectAfterChunks,
        // Taken here, as the response starts, so each of several concurrent streams consumes one of a count.
        streamError: prepared.stream ? runtime.takeStreamError() : null,
      }, completion);
      // Stage: account.
      if (outcome === 'completed') {
        admission.settle(completion.inputTokens + completion.outputTokens);
        stats.recordServed(completion.inputTokens, completion.outputTokens);
      } else {
        stats.record('failed');
      }
    } finally {
      if (cancel.signal.aborted && faults.cancelReleaseDelayMs > 0) setTimeout(() => admission.release(), faults.cancelReleaseDelayMs).unref();
      else admission.release();
    }
  } catch (error) {
    if (error instanceof RequestCancelledError || cancel.signal.aborted) {
      stats.record('cancelled');
      return;
    }
    const simError = error instanceof SimError ? error : new SimError('internal', 'The simulator failed unexpectedly.');
    stats.record(simError.status < 500 ? 'rejected' : 'failed');
    writeSimError(res, operation.protocol, simError);
  }
}
