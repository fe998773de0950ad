/**
 * Pricing-tier discounts. The configuration writes them as decimal strings of percent ("10", "12.5"); they are
 * applied as integer basis points (1 bp = 0.01 %), parsed from the text without going through a float.
 */
import type { PricingTier } from '../catalog/catalog-types.js';
import type { GeorouteConfig } from '../config/config-schema.js';

export type PricingDiscounts = GeorouteConfig['pricing']['discounts'];

const percentPattern = /^(\d+)(?:\.(\d+))?$/;

/** "10" -> 1000, "12.5" -> 1250, "0.01" -> 1. Throws for more precision than a basis point or over 100 %. */
export function parseDiscountBasisPoints(percent: string, label = 'discount'): number {
  const text = percent.trim();
  const match = percentPattern.exec(text);
  if (!match) throw new RangeError(`${label}: "${percent}" is not a non-negative decimal percentage`);
  const fraction = match[2] ?? '';
  if (/[1-9]/.test(fraction.slice(2))) {
    throw new RangeError(`${label}: "${percent}" is finer than a basis point (0.01 %); use at most two decimals`);
  }
  const basisPoints = Number(match[1]) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(basisPoints) || basisPoints > 10_000) {
    throw new RangeError(`${label}: "${percent}" is more than 100 %`);
  }
  return basisPoints;
}

/** The discount of one tier in basis points (0 when none is configured). */
export function discountBasisPointsFor(discounts: PricingDiscounts, tier: PricingTier): number {
  const percent = discounts[tier];
  return percent === undefined ? 0 : parseDiscountBasisPoints(percent, `pricing.discounts.${tier}`);
}

/** Checks every configured discount once, so a bad value fails at start-up rather than on a request. */
export function assertValidDiscounts(discounts: PricingDiscounts): void {
  for (const tier of ['in-region', 'geographic', 'global'] as const) discountBasisPointsFor(discounts, tier);
}
