/**
 * What a Bedrock deployment honours when a request reaches it converted to Converse (from another surface):
 * the Converse inference config, tools, request metadata, service tier, structured output (`outputConfig`), and
 * reasoning where the model family has a thinking budget or effort in its native fields. Not on Converse: seed,
 * logprobs, several choices, parallel-tool-call control, an end-user id.
 */
import type { Deployment } from '../../catalog/catalog-types.js';
import type { DeploymentCapabilities } from '../../inference/deployment-capabilities.js';
import type { InferenceSettingName } from '../../inference/inference-settings.js';

const CONVERSE_SETTINGS: readonly InferenceSettingName[] = ['temperature', 'topP', 'stopSequences', 'tools', 'toolChoice', 'metadata', 'serviceTier', 'responseFormat'];

/** Model families whose native request fields take a reasoning budget or effort (`reasoning-fields-for-family.ts`). */
const REASONING_FAMILIES: ReadonlySet<string> = new Set(['nova', 'anthropic']);

export function bedrockCapabilities(deployment: Deployment): DeploymentCapabilities {
  const honours = new Set<InferenceSettingName>(CONVERSE_SETTINGS);
  if (deployment.nativeFormat !== undefined && REASONING_FAMILIES.has(deployment.nativeFormat)) honours.add('reasoning');
  return { honours };
}
