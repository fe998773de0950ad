/**
 * Capacity of one simulated region: a concurrency limit plus requests and tokens per sliding 60 s window.
 * Tokens are reserved on admission as input + max output tokens and settled to the real usage when the response
 * completes (a cancelled or cut request keeps its reservation). Rejected requests do not count.
 */

export const capacityWindowMs = 60_000;

export interface SimCapacityLimits {
  maxConcurrent: number;
  requestsPerMinute: number;
  tokensPerMinute: number;
}

/** What the `x-ratelimit-*` headers say. */
export interface SimCapacitySnapshot {
  limitRequests: number;
  remainingRequests: number;
  limitTokens: number;
  remainingTokens: number;
  /** Until the oldest request leaves the window (0 when the window is empty). */
  resetRequestsMs: number;
  resetTokensMs: number;
}

export type SimCapacityLimitName = 'concurrency' | 'requests' | 'tokens';

export interface SimAdmission {
  admitted: true;
  snapshot: SimCapacitySnapshot;
  /** Replaces the token reservation with the real usage. */
  settle(actualTokens: number): void;
  /** Frees the concurrency slot; safe to call more than once. */
  release(): void;
}

export interface SimRefusal {
  admitted: false;
  limit: SimCapacityLimitName;
  /** Whole seconds, at least 1. */
  retryAfterSeconds: number;
  snapshot: SimCapacitySnapshot;
}

interface WindowEntry {
  at: number;
  tokens: number;
  inWindow: boolean;
}

export class SimCapacity {
  /** Admitted requests in the window, oldest first, from index `head` (a queue without O(n) shifts). */
  private entries: WindowEntry[] = [];
  private head = 0;
  /** Sum of `tokens` over the window, kept as entries come, go and settle. */
  private windowTokens = 0;
  private inFlightCount = 0;

  constructor(
    private readonly limits: SimCapacityLimits,
    private readonly now: () => number = Date.now,
  ) {}

  get inFlight(): number {
    return this.inFlightCount;
  }

  tryAdmit(tokenEstimate: number): SimAdmission | SimRefusal {
    const now = this.now();
    this.prune(now);
    if (this.inFlightCount >= this.limits.maxConcurrent) return this.refuse('concurrency', 1000, now);
    if (this.windowSize() >= this.limits.requestsPerMinute) {
      return this.refuse('requests', this.entries[this.head].at + capacityWindowMs - now, now);
    }
    if (this.windowTokens + tokenEstimate > this.limits.tokensPerMinute) {
      return this.refuse('tokens', this.msUntilTokensFree(tokenEstimate, now), now);
    }
    const entry: WindowEntry = { at: now, tokens: tokenEstimate, inWindow: true };
    this.entries.push(entry);
    this.windowTokens += tokenEstimate;
    this.inFlightCount += 1;
    let released = false;
    return {
      admitted: true,
      snapshot: this.snapshot(now),
      settle: (actualTokens) => {
        if (entry.inWindow) this.windowTokens += actualTokens - entry.tokens;
        entry.tokens = actualTokens;
      },
      release: () => {
        if (released) return;
        released = true;
        this.inFlightCount -= 1;
      },
    };
  }

  snapshot(now = this.now()): SimCapacitySnapshot {
    this.prune(now);
    const oldest = this.entries[this.head];
    const resetMs = oldest === undefined ? 0 : Math.max(0, oldest.at + capacityWindowMs - now);
    return {
      limitRequests: this.limits.requestsPerMinute,
      remainingRequests: Math.max(0, this.limits.requestsPerMinute - this.windowSize()),
      limitTokens: this.limits.tokensPerMinute,
      remainingTokens: Math.max(0, this.limits.tokensPerMinute - this.windowTokens),
      resetRequestsMs: resetMs,
      resetTokensMs: resetMs,
    };
  }

  private refuse(limit: SimCapacityLimitName, waitMs: number, now: number): SimRefusal {
    return {
      admitted: false,
      limit,
      retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      snapshot: this.snapshot(now),
    };
  }

  private windowSize(): number {
    return this.entries.length - this.head;
  }

  private prune(now: number): void {
    while (this.head < this.entries.length && this.entries[this.head].at + capacityWindowMs <= now) {
      const expired = this.entries[this.head];
      expired.inWindow = false;
      this.windowTokens -= expired.tokens;
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** How long until enough of the window expires for `tokens` to fit (a full window if they never fit). */
  private msUntilTokensFree(tokens: number, now: number): number {
    if (tokens > this.limits.tokensPerMinute) return capacityWindowMs;
    let used = this.windowTokens;
    for (let i = this.head; i < this.entries.length; i += 1) {
      const entry = this.entries[i];
      used -= entry.tokens;
      if (used + tokens <= this.limits.tokensPerMinute) return entry.at + capacityWindowMs - now;
    }
    return capacityWindowMs;
  }
}

/** `x-ratelimit-reset-*` format, as OpenAI sends it: `250ms` under a second, else whole seconds (`12s`). */
export function formatResetDuration(ms: number): string {
  if (ms < 1000) return `${Math.ceil(ms)}ms`;
  return `${Math.ceil(ms / 1000)}s`;
}

/** Anthropic's `anthropic-ratelimit-*` headers: limits, what remains, and the reset as an RFC 3339 time. */
export function anthropicRateLimitHeaders(snapshot: SimCapacitySnapshot, now = Date.now()): Record<string, string> {
  const at = (ms: number) => new Date(now + Math.ceil(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    'anthropic-ratelimit-requests-limit': String(snapshot.limitRequests),
    'anthropic-ratelimit-requests-remaining': String(snapshot.remainingRequests),
    'anthropic-ratelimit-requests-reset': at(snapshot.resetRequestsMs),
    'anthropic-ratelimit-tokens-limit': String(snapshot.limitTokens),
    'anthropic-ratelimit-tokens-remaining': String(snapshot.remainingTokens),
    'anthropic-ratelimit-tokens-reset': at(snapshot.resetTokensMs),
  };
}

export function rateLimitHeaders(snapshot: SimCapacitySnapshot): Record<string, string> {
  return {
    'x-ratelimit-limit-requests': String(snapshot.limitRequests),
    'x-ratelimit-remaining-requests': String(snapshot.remainingRequests),
    'x-ratelimit-limit-tokens': String(snapshot.limitTokens),
    'x-ratelimit-remaining-tokens': String(snapshot.remainingTokens),
    'x-ratelimit-reset-requests': formatResetDuration(snapshot.resetRequestsMs),
    'x-ratelimit-reset-tokens': formatResetDuration(snapshot.resetTokensMs),
  };
}
