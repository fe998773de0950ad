/**
 * Where an Azure OpenAI deployment may process, by its deployment type: Standard in its region (nothing to
 * declare); Data Zone anywhere in its Microsoft-defined zone (declare the zone's regions as `processingRegions`);
 * Global anywhere Azure chooses (declare the regions your agreement bounds it to, or `[]`: unknown, so only an
 * unrestricted `global` profile may use it). Pure data for the configuration check: no imports of the provider.
 */
import type { DelegationDetector } from '../../catalog/delegated-upstream-model.js';

export const azureDelegationOf: DelegationDetector = (deployment) => {
  const type = deployment.azure?.deploymentType ?? 'standard';
  if (type === 'standard') return undefined;
  if (type === 'data-zone') {
    return {
      description: 'an Azure OpenAI Data Zone deployment',
      documentedRegionsHint: 'Microsoft documents the zones: EU (e.g. swedencentral, francecentral, germanywestcentral, westeurope, ...) and US (eastus, eastus2, westus, ...); list the ones of your zone',
      field: ['azure', 'deploymentType'],
    };
  }
  return {
    description: 'an Azure OpenAI Global deployment',
    documentedRegionsHint: 'Microsoft documents any Azure OpenAI region worldwide',
    field: ['azure', 'deploymentType'],
    mayProcessAnywhere: true,
  };
};
