/**
 * A request whose token estimate (input plus the most it may generate) exceeds the tokens-per-minute budget of
 * every deployment it may use can never be served: it is the request's problem, answered 400 at once. Sending it
 * anyway would earn a 429 that cools the deployment down for every other client.
 */
import type { Catalog } from '../catalog/catalog-types.js';
import { GeorouteError } from '../errors/error-catalog.js';
import type { PlanInput } from './routing-contract.js';
import { deploymentInsideBoundary } from './residency-boundary.js';

export function assertFitsSomeDeployment(catalog: Catalog, input: PlanInput, boundary: readonly string[]): void {
  let largest = 0;
  for (const deployment of catalog.deploymentsByModel.get(input.profile.modelId) ?? []) {
    if (!deploymentInsideBoundary(boundary, deployment) || (input.accepts && !input.accepts(deployment))) continue;
    largest = Math.max(largest, deployment.capacity.tokensPerMinute);
  }
  if (largest > 0 && input.estimatedTokens > largest) {
    throw new GeorouteError(
      'invalid_request',
      `This request may use up to ${input.estimatedTokens} tokens (its input plus its maximum output tokens), more than any deployment of ${input.profile.id} admits per minute (${largest}). Lower the maximum output tokens.`,
    );
  }
}
