/**
 * The limit stage: per-key and per-team budgets and rate limits, held as one across every replica through the
 * usage counters of the state store. Two halves:
 * - `admit` (before dispatch): refuses with `budget_exceeded` when a day's or month's spend has reached its limit,
 *   `limit_exceeded` when the minute's tokens have, or when the minute's requests are at their limit (taken
 *   atomically: no replica can admit past it). Retry-After is the end of that window.
 * - `account` (an observer of finished requests): adds the request's real usage (a stream cut short counts what
 *   it produced) and its cost in the model's currency to the key's and team's windows.
 * Tokens and spend are checked before and added after a request, so requests admitted together may overshoot a
 * token or money limit by what they use; requests per minute never overshoot. An identity without limits (on
 * itself or its team) costs nothing here: no query is made.
 */
import type { Identity } from '../auth/identity.js';
import { computeCost } from '../billing/compute-cost.js';
import type { PricingDiscounts } from '../billing/discount-basis-points.js';
import type { Catalog } from '../catalog/catalog-types.js';
import { GeorouteError } from '../errors/error-catalog.js';
import type { RequestOutcome } from '../pipeline/request-outcome.js';
import { dayWindow, minuteWindow, monthWindow, secondsUntil } from './limit-windows.js';
import { formatMicros, hasAnyLimit, type Limits } from './limits.js';
import type { CounterAddition, CounterKey, SqlUsageCounterStore } from './sql-usage-counter-store.js';

export interface LimitedSubject {
  /** `key:<identity id>` or `team:<team>`. */
  subject: string;
  /** How the error names it: `key "key_abc"`, `team "payments"`. */
  label: string;
  limits: Limits;
}

export interface LimitStageInput {
  counters: SqlUsageCounterStore;
  teamLimits: (team: string) => Limits | undefined;
  catalog: Catalog;
  discounts: PricingDiscounts;
  onError: (error: unknown) => void;
}

/** What the pipeline calls before dispatch: throws `limit_exceeded` or `budget_exceeded` (Retry-After set). */
export interface RequestAdmission {
  admit(identity: Identity, now: number): Promise<void>;
}

export interface LimitStage extends RequestAdmission {
  account(outcome: RequestOutcome): void;
  /** The subjects whose limits apply to this identity (none: nothing is checked or counted). */
  subjectsOf(identity: Identity): LimitedSubject[];
}

export const spendMetric = (currency: string) => `spend:${currency}`;

export function createLimitStage(input: LimitStageInput): LimitStage {
  // A batched counter write that fails rejects every request of its batch with the same error: it is reported once.
  const reported = new WeakSet<object>();
  const reportOnce = (error: unknown): void => {
    if (typeof error === 'object' && error !== null) {
      if (reported.has(error)) return;
      reported.add(error);
    }
    input.onError(error);
  };
  const subjectsOf = (identity: Identity): LimitedSubject[] => {
    const subjects: LimitedSubject[] = [];
    if (hasAnyLimit(identity.limits)) subjects.push({ subject: `key:${identity.id}`, label: `key "${identity.id}"`, limits: identity.limits });
    const team = identity.team === undefined ? undefined : input.teamLimits(identity.team);
    if (identity.team !== undefined && hasAnyLimit(team)) subjects.push({ subject: `team:${identity.team}`, label: `team "${identity.team}"`, limits: team });
    return subjects;
  };

  const admit = async (identity: Identity, now: number): Promise<void> => {
    const subjects = subjectsOf(identity);
    if (subjects.length === 0) return;
    try {
      await admitSubjects(subjects, now);
    } catch (error) {
      if (error instanceof GeorouteError) throw error;
      input.onError(error);
      // Fail closed and fast: limits that cannot be checked do not admit.
      throw new GeorouteError('upstream_unavailable', 'The limits store did not answer; the request was not admitted. Retry shortly.', { retryAfterSeconds: 1, cause: error });
    }
  };

  async function admitSubjects(subjects: readonly LimitedSubject[], now: number): Promise<void> {
    const minute = minuteWindow(now);
    const day = dayWindow(now);
    const month = monthWindow(now);
    const checks: Array<CounterKey & { limit: number; refuse: () => GeorouteError }> = [];
    for (const { subject, label, limits } of subjects) {
      const spend = spendMetric(limits.currency);
      if (limits.spendPerDayMicros !== undefined) {
        const limit = limits.spendPerDayMicros;
        checks.push({ subject, metric: spend, window: day.name, limit, refuse: () => budgetError(`${label} has spent its daily budget of ${formatMicros(limit)} ${limits.currency}`, day.endsAt, now) });
      }
      if (limits.spendPerMonthMicros !== undefined) {
        const limit = limits.spendPerMonthMicros;
        checks.push({ subject, metric: spend, window: month.name, limit, refuse: () => budgetError(`${label} has spent its monthly budget of ${formatMicros(limit)} ${limits.currency}`, month.endsAt, now) });
      }
      if (limits.tokensPerMinute !== undefined) {
        const limit = limits.tokensPerMinute;
        checks.push({ subject, metric: 'tokens', window: minute.name, limit, refuse: () => rateError(`${label} has used its ${limit} tokens per minute`, minute.endsAt, now) });
      }
    }
    const amounts = await input.counters.read(checks);
    const full = checks.findIndex((check, i) => amounts[i] >= check.limit);
    if (full >= 0) throw checks[full].refuse();
    const rated = subjects.filter((s) => s.limits.requestsPerMinute !== undefined);
    const refused = await input.counters.takeRequest(
      rated.map((s) => ({ subject: s.subject, metric: 'requests', window: minute.name, keepUntil: minute.keepUntil, limit: s.limits.requestsPerMinute ?? 0 })),
    );
    if (refused >= 0) throw rateError(`${rated[refused].label} has made its ${rated[refused].limits.requestsPerMinute} requests per minute`, minute.endsAt, now);
  }

  return {
    subjectsOf,
    admit,
    account(outcome) {
      const usage = outcome.usage;
      if (usage === undefined || outcome.profile === undefined) return;
      const subjects = subjectsOf(outcome.identity);
      if (subjects.length === 0) return;
      const at = Date.parse(outcome.eventTime);
      const minute = minuteWindow(at);
      const day = dayWindow(at);
      const month = monthWindow(at);
      const tokens = usage.inputTokens + usage.outputTokens + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0);
      let cost: { micros: number; currency: string } | undefined;
      try {
        cost = computeCost({ catalog: input.catalog, discounts: input.discounts, profile: outcome.profile, sourceRegionId: outcome.sourceRegionId, usage });
      } catch (error) {
        input.onError(error);
      }
      const additions: CounterAddition[] = [];
      for (const { subject } of subjects) {
        additions.push({ subject, metric: 'tokens', window: minute.name, amount: tokens, keepUntil: minute.keepUntil });
        if (cost !== undefined) {
          additions.push({ subject, metric: spendMetric(cost.currency), window: day.name, amount: cost.micros, keepUntil: day.keepUntil });
          additions.push({ subject, metric: spendMetric(cost.currency), window: month.name, amount: cost.micros, keepUntil: month.keepUntil });
        }
      }
      input.counters.add(additions).catch(reportOnce);
    },
  };
}

function rateError(reason: string, endsAt: number, now: number): GeorouteError {
  const retryAfterSeconds = secondsUntil(endsAt, now);
  return new GeorouteError('limit_exceeded', `Rate limit reached: ${reason}; retry after ${retryAfterSeconds} s.`, { retryAfterSeconds });
}

function budgetError(reason: string, endsAt: number, now: number): GeorouteError {
  const retryAfterSeconds = secondsUntil(endsAt, now);
  return new GeorouteError('budget_exceeded', `Budget used up: ${reason}; it renews at ${new Date(endsAt).toISOString()}.`, { retryAfterSeconds });
}
