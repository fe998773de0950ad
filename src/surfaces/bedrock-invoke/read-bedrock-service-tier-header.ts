/** `X-Amzn-Bedrock-Service-Tier` on InvokeModel: `default`, `flex`, `priority` or `reserved`; anything else is a 400. */
import { GeorouteError } from '../../errors/error-catalog.js';
import { headerValue, type HttpExchange } from '../../server/http-exchange.js';

export const SERVICE_TIER_HEADER = 'x-amzn-bedrock-service-tier';

export const BEDROCK_SERVICE_TIERS: readonly string[] = ['default', 'flex', 'priority', 'reserved'];

export function readBedrockServiceTierHeader(exchange: HttpExchange): string | undefined {
  const value = headerValue(exchange.request, SERVICE_TIER_HEADER);
  if (value === undefined) return undefined;
  if (!BEDROCK_SERVICE_TIERS.includes(value)) {
    throw new GeorouteError('invalid_request', `X-Amzn-Bedrock-Service-Tier must be one of ${BEDROCK_SERVICE_TIERS.join(', ')}.`, { param: 'X-Amzn-Bedrock-Service-Tier' });
  }
  return value;
}
