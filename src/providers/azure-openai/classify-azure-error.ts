/**
 * An Azure OpenAI error answer: a 400 whose code is `content_filter` (the prompt was filtered) is a refusal, an
 * answer and never a failover, so it is told apart here; anything else is a failure kind from its status (429
 * throttled with `retry-after-ms`, 5xx unavailable, other 4xx rejected). The body contributes its code only,
 * never its message (it may echo the prompt). Pure.
 */
import { classifyHttpStatus } from '../classify-upstream-error.js';
import { parseUpstreamErrorBody } from '../parse-upstream-error-body.js';
import type { RateLimitObservation, UpstreamFailure } from '../upstream-contract.js';

export type AzureErrorVerdict =
  | { kind: 'content-filter'; promptFilterResults?: unknown }
  | { kind: 'failure'; failure: UpstreamFailure };

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The `error` of a 400 content-filter answer, or undefined. */
function contentFilterError(text: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const error = record(record(parsed)?.error);
  const inner = record(error?.innererror);
  return error?.code === 'content_filter' || inner?.code === 'ResponsibleAIPolicyViolation' ? error : undefined;
}

export function classifyAzureHttpError(
  deploymentId: string,
  status: number,
  text: string,
  extra: { retryAfterMs?: number; rateLimit?: RateLimitObservation },
): AzureErrorVerdict {
  if (status === 400) {
    const filtered = contentFilterError(text);
    if (filtered !== undefined) {
      const inner = record(filtered.innererror);
      return { kind: 'content-filter', promptFilterResults: inner?.content_filter_result ?? filtered.content_filter_result };
    }
  }
  return { kind: 'failure', failure: classifyHttpStatus(status, deploymentId, parseUpstreamErrorBody(text), extra) };
}
