/**
 * Reads what an upstream says about its limits: `Retry-After` (seconds or HTTP date), `retry-after-ms`, and the
 * OpenAI-style `x-ratelimit-*` headers (`x-ratelimit-reset-requests: 1s`, `6m0s`, `250ms`).
 */
import type { RateLimitObservation } from './upstream-contract.js';

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function numberHeader(headers: HeaderBag, name: string): number | undefined {
  const text = header(headers, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** `1s`, `6m0s`, `250ms`, `1h2m3.5s`, or plain seconds; undefined when unreadable. */
export function parseDurationMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * (unit[p[2]] ?? 0), 0));
}

export function parseRetryAfterMs(headers: HeaderBag, now = Date.now()): number | undefined {
  const ms = numberHeader(headers, 'retry-after-ms');
  if (ms !== undefined) return ms;
  const text = header(headers, 'retry-after');
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function parseRateLimitHeaders(headers: HeaderBag): RateLimitObservation | undefined {
  const observation: RateLimitObservation = {
    limitRequests: numberHeader(headers, 'x-ratelimit-limit-requests'),
    remainingRequests: numberHeader(headers, 'x-ratelimit-remaining-requests'),
    limitTokens: numberHeader(headers, 'x-ratelimit-limit-tokens'),
    remainingTokens: numberHeader(headers, 'x-ratelimit-remaining-tokens'),
    resetMs: parseDurationMs(header(headers, 'x-ratelimit-reset-requests') ?? header(headers, 'x-ratelimit-reset-tokens')),
  };
  return Object.values(observation).some((v) => v !== undefined) ? observation : undefined;
}
