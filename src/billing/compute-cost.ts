/**
 * The cost of one request. The source region's price applies wherever the request ran (its `regionPrices`
 * entry, else the model's price), unless the request was served at a service tier the model prices
 * (`tierPrices`: flex, priority, ...); there is no routing fee; the profile's pricing tier selects the discount.
 * Prompt-cache reads and writes are priced at the model's cache prices (the input price where none is set).
 * Everything is integer arithmetic: tokens x micros-per-million = picos, exactly; the discount in basis points
 * keeps it exact in atto-units (see exact-money.ts).
 */
import type { Catalog, InferenceProfile, Price, PricingTier } from '../catalog/catalog-types.js';
import type { TokenUsage } from '../providers/upstream-contract.js';
import { discountBasisPointsFor, type PricingDiscounts } from './discount-basis-points.js';
import { formatAttosAsPicos, roundAttosToMicros } from './exact-money.js';

export interface CostInput {
  catalog: Catalog;
  discounts: PricingDiscounts;
  profile: InferenceProfile;
  sourceRegionId: string;
  usage: TokenUsage;
  /** The service tier that served the request (or was asked for), when there is one. */
  serviceTier?: string;
}

export interface RequestCost {
  /** Rounded half-up to whole micro-units of `currency`. */
  micros: number;
  /** The exact amount in pico-units, as a decimal string (a discount can leave up to four decimals). */
  picos: string;
  /** The exact amount in atto-units (1e-18); what sums are made of. Not written to records. */
  attos: bigint;
  currency: string;
  pricingTier: PricingTier;
  discountBasisPoints: number;
  /** The price that applied: the service tier's, the source region's override or the model's list price. */
  price: Price;
  priceSource: 'tier' | 'region' | 'model';
}

export function computeCost(input: CostInput): RequestCost {
  const { catalog, discounts, profile, sourceRegionId, usage } = input;
  const model = catalog.models.get(profile.modelId);
  if (!model) throw new Error(`profile ${profile.id} names model ${profile.modelId}, which is not in the catalog`);
  const tierPrice = input.serviceTier === undefined ? undefined : model.tierPrices?.get(input.serviceTier);
  const regionPrice = model.regionPrices.get(sourceRegionId);
  const price = tierPrice ?? regionPrice ?? model.price;
  const grossPicos =
    tokenCount(usage.inputTokens, 'inputTokens') * priceMicros(price.inputMicrosPerMillion) +
    tokenCount(usage.outputTokens, 'outputTokens') * priceMicros(price.outputMicrosPerMillion) +
    tokenCount(usage.cacheReadInputTokens ?? 0, 'cacheReadInputTokens') * priceMicros(price.cacheReadMicrosPerMillion ?? price.inputMicrosPerMillion) +
    tokenCount(usage.cacheWriteInputTokens ?? 0, 'cacheWriteInputTokens') * priceMicros(price.cacheWriteMicrosPerMillion ?? price.inputMicrosPerMillion);
  const discountBasisPoints = discountBasisPointsFor(discounts, profile.pricingTier);
  // picos x (10 000 - bp) is in units of 1e-16; x 100 makes atto-units (1e-18).
  const attos = grossPicos * BigInt(10_000 - discountBasisPoints) * 100n;
  return {
    micros: Number(roundAttosToMicros(attos)),
    picos: formatAttosAsPicos(attos),
    attos,
    currency: model.currency,
    pricingTier: profile.pricingTier,
    discountBasisPoints,
    price,
    priceSource: tierPrice ? 'tier' : regionPrice ? 'region' : 'model',
  };
}

function tokenCount(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`usage.${name} must be a non-negative integer`);
  return BigInt(value);
}

function priceMicros(value: number): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('prices must be non-negative integer micros');
  return BigInt(value);
}
