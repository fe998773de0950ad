/**
 * What an Anthropic upstream says about its limits, for the deployment's learned limit:
 * `anthropic-ratelimit-requests-{limit,remaining,reset}` and `anthropic-ratelimit-tokens-{limit,remaining,reset}`
 * (resets are RFC 3339 times), and `retry-after` on a 429. Pure.
 */
import { parseRetryAfterMs } from '../../upstreams/parse-rate-limit-headers.js';
import type { RateLimitObservation } from '../../upstreams/upstream-contract.js';

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function count(headers: HeaderBag, name: string): number | undefined {
  const text = header(headers, name);
  return text !== undefined && /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

function untilMs(headers: HeaderBag, name: string, now: number): number | undefined {
  const text = header(headers, name);
  if (text === undefined) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function parseAnthropicRateLimitHeaders(headers: HeaderBag, now = Date.now()): RateLimitObservation | undefined {
  const resets = [untilMs(headers, 'anthropic-ratelimit-requests-reset', now), untilMs(headers, 'anthropic-ratelimit-tokens-reset', now)]
    .filter((ms): ms is number => ms !== undefined);
  const observation: RateLimitObservation = {
    limitRequests: count(headers, 'anthropic-ratelimit-requests-limit'),
    remainingRequests: count(headers, 'anthropic-ratelimit-requests-remaining'),
    limitTokens: count(headers, 'anthropic-ratelimit-tokens-limit'),
    remainingTokens: count(headers, 'anthropic-ratelimit-tokens-remaining'),
    resetMs: resets.length === 0 ? undefined : Math.max(...resets),
  };
  return Object.values(observation).some((v) => v !== undefined) ? observation : undefined;
}

export { parseRetryAfterMs };
