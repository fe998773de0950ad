/**
 * What a Bedrock deployment honours when a request reaches it converted to Converse (from another surface):
 * the Converse inference config, tools, request metadata, service tier, structured output (`outputConfig`), the
 * Bedrock-only members a Converse caller set (`providerOptions.bedrock.*`, passed back as they came), and
 * reasoning and top-k where the model family takes them in its native fields. Content: images and documents as
 * bytes or in S3, also in tool results; reasoning history (`reasoningContent`, signature and redacted content
 * included; Claude takes reasoning back only with its signature, so an anthropic-family deployment refuses reasoning
 * without one, and Nova is left as it is; beside thinking, Claude also refuses a forced tool choice, a temperature
 * other than 1, top-k and a top-p below 0.95); cache points (`cachePoint` blocks). Refused although carried: a tool
 * choice `none` beside tools, a temperature above 1, a service tier Converse lacks. Not on Converse: seed,
 * logprobs, several choices, parallel-tool-call control, an end-user id, media at a URL (Bedrock fetches no URLs).
 */
import type { Deployment } from '../../catalog/catalog-types.js';
import type { DeploymentCapabilities } from '../../inference/deployment-capabilities.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { InferenceSettingName } from '../../inference/inference-settings.js';
import { hasUnsignedReasoning } from '../../capabilities/has-unsigned-reasoning.js';
import { claudeThinkingConflicts } from '../../capabilities/claude-thinking-conflicts.js';
import { CONVERSE_MAX_TEMPERATURE, converseServiceTier } from './convert-to-converse-request.js';
import { BEDROCK_ONLY_MEMBERS } from '../../surfaces/bedrock-converse/convert-converse-request-to-inference.js';

const CONVERSE_SETTINGS: readonly InferenceSettingName[] = ['temperature', 'topP', 'stopSequences', 'tools', 'toolChoice', 'metadata', 'serviceTier', 'responseFormat'];
const CONVERSE_CONTENT: readonly InferenceSettingName[] = ['images', 'documents', 's3Media', 'toolResultMedia', 'reasoningContent', 'cachePoints'];

/** Model families whose native request fields take a reasoning budget or effort, and top-k (`map-reasoning-to-converse.ts`). */
const REASONING_FAMILIES: ReadonlySet<string> = new Set(['nova', 'anthropic']);

/**
 * Values Converse cannot hold although it carries the setting: a tool choice `none` beside tools (Converse has
 * `auto`, `any` and one tool), a temperature above 1 and a service tier it does not have (`scale`). Refused here,
 * before routing picks the deployment, so that another candidate can serve the request (the converter's own
 * refusal would end it with a 400).
 */
function refusesConverse(request: InferenceRequest): InferenceSettingName[] {
  const { settings } = request;
  const refused: InferenceSettingName[] = [];
  if (request.toolChoice?.type === 'none' && request.tools !== undefined && request.tools.length > 0) refused.push('toolChoice');
  if (settings.temperature !== undefined && settings.temperature > CONVERSE_MAX_TEMPERATURE) refused.push('temperature');
  if (settings.serviceTier !== undefined && converseServiceTier(settings.serviceTier) === undefined) refused.push('serviceTier');
  return refused;
}

/** Claude's refusals besides Converse's: reasoning without its signature, and what it refuses beside thinking. */
function refusesClaude(request: InferenceRequest): readonly InferenceSettingName[] {
  const refused = refusesConverse(request);
  if (hasUnsignedReasoning(request)) refused.push('reasoningContent');
  for (const name of claudeThinkingConflicts(request)) if (!refused.includes(name)) refused.push(name);
  return refused;
}

export function bedrockCapabilities(deployment: Deployment): DeploymentCapabilities {
  const honours = new Set<InferenceSettingName>([...CONVERSE_SETTINGS, ...CONVERSE_CONTENT]);
  for (const member of [...BEDROCK_ONLY_MEMBERS, 'outputConfigEffort']) honours.add(`providerOptions.bedrock.${member}`);
  if (deployment.nativeFormat !== undefined && REASONING_FAMILIES.has(deployment.nativeFormat)) {
    honours.add('reasoning');
    honours.add('topK');
  }
  if (deployment.nativeFormat === 'anthropic') {
    return { honours, refuses: refusesClaude };
  }
  return { honours, refuses: refusesConverse };
}
