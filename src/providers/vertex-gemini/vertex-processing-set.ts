/**
 * Where a Vertex AI Gemini deployment may process, by its location: a region (`europe-west4`) processes there,
 * the deployment's own region (nothing to declare); a multi-region endpoint (`eu`, `us`:
 * `aiplatform.eu.rep.googleapis.com`) anywhere in that multi-region (declare its regions as
 * `processingRegions`); the global endpoint anywhere Google chooses (declare what your agreement bounds it to, or
 * `[]`: unknown, so only an unrestricted `global` profile may use it). Pure data for the configuration check.
 */
import type { DelegationDetector } from '../../catalog/delegated-upstream-model.js';

export const vertexDelegationOf: DelegationDetector = (deployment) => {
  const location = deployment.vertex?.location;
  if (location === 'eu' || location === 'us') {
    return {
      description: `the Vertex AI "${location}" multi-region endpoint (aiplatform.${location}.rep.googleapis.com)`,
      documentedRegionsHint: `Google documents the ${location === 'eu' ? 'EU' : 'US'} multi-region's regions per model; list every one of them you configured`,
      field: ['vertex', 'location'],
    };
  }
  if (location === 'global') {
    return {
      description: 'the Vertex AI global endpoint (aiplatform.googleapis.com)',
      documentedRegionsHint: 'Google documents any region that serves the model',
      field: ['vertex', 'location'],
      mayProcessAnywhere: true,
    };
  }
  return undefined;
};
