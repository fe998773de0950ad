/**
 * The limits of one key or one team, as enforced: requests and tokens per minute, and spend per UTC day and UTC
 * month in integer micro-units of `currency` (a model priced in another currency does not count against them).
 * Every member is optional; an empty object limits nothing.
 */
import { limitsSchema, type LimitsConfig } from '../config/config-schema.js';
import { parseDecimalMicros } from '../config/parse-decimal-micros.js';
import { formatAttosAsAmount } from '../billing/exact-money.js';

export interface Limits {
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
  readonly spendPerDayMicros?: number;
  readonly spendPerMonthMicros?: number;
  readonly currency: string;
}

export type LimitName = 'requestsPerMinute' | 'tokensPerMinute' | 'spendPerDay' | 'spendPerMonth';

export function limitsFromConfig(config: LimitsConfig): Limits {
  const limits: { -readonly [K in keyof Limits]: Limits[K] } = { currency: config.currency };
  if (config.requestsPerMinute !== undefined) limits.requestsPerMinute = config.requestsPerMinute;
  if (config.tokensPerMinute !== undefined) limits.tokensPerMinute = config.tokensPerMinute;
  if (config.spendPerDay !== undefined) limits.spendPerDayMicros = parseDecimalMicros(config.spendPerDay);
  if (config.spendPerMonth !== undefined) limits.spendPerMonthMicros = parseDecimalMicros(config.spendPerMonth);
  return Object.freeze(limits);
}

/** The wire and storage form: the configuration's (decimal strings for money). */
export function limitsToConfig(limits: Limits): LimitsConfig {
  const out: LimitsConfig = { currency: limits.currency };
  if (limits.requestsPerMinute !== undefined) out.requestsPerMinute = limits.requestsPerMinute;
  if (limits.tokensPerMinute !== undefined) out.tokensPerMinute = limits.tokensPerMinute;
  if (limits.spendPerDayMicros !== undefined) out.spendPerDay = formatMicros(limits.spendPerDayMicros);
  if (limits.spendPerMonthMicros !== undefined) out.spendPerMonth = formatMicros(limits.spendPerMonthMicros);
  return out;
}

export function formatMicros(micros: number): string {
  return formatAttosAsAmount(BigInt(micros) * 1_000_000_000_000n);
}

export function hasAnyLimit(limits: Limits | undefined): limits is Limits {
  return limits !== undefined && (limits.requestsPerMinute ?? limits.tokensPerMinute ?? limits.spendPerDayMicros ?? limits.spendPerMonthMicros) !== undefined;
}

/** Parses stored or posted limits (the configuration's shape); throws a ZodError naming the field. */
export function parseLimits(value: unknown): Limits {
  return limitsFromConfig(limitsSchema.parse(value));
}
