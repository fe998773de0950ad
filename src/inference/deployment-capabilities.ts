/**
 * What a deployment honours, for "no silent drops": a request that sets something its deployment cannot honour
 * must not be served there. The route planner drops such deployments from the candidates; when none inside the
 * residency boundary is left, the caller gets a 400 in its own wire format naming the setting (in its wire's
 * words, from `InboundSurface.settingName`). An operator may list per model the settings that may be dropped
 * instead (config `models[].droppableSettings`).
 */
import type { InferenceRequest } from './inference-request.js';
import type { InferenceSettingName } from './inference-settings.js';

export interface DeploymentCapabilities {
  /** Everything in a request the deployment's upstream honours when present; anything else is refused. */
  readonly honours: ReadonlySet<InferenceSettingName>;
  /**
   * Provider-option namespaces whose every member the converter passes on as it came (`providerOptions.openai`:
   * OpenAI chat members with no canonical setting, written back into an OpenAI-compatible chat body).
   */
  readonly honoursNamespaces?: ReadonlySet<string>;
  /**
   * Honoured settings whose value in this request the wire cannot hold (Anthropic's structured output needs a
   * schema, so JSON mode without one): such a deployment is no candidate, as for a setting it does not honour,
   * unless the model lists the setting in `droppableSettings` (then it is dropped). Pure and cheap: asked once per
   * converted candidate.
   */
  readonly refuses?: (request: InferenceRequest) => readonly InferenceSettingName[];
}

/** Why a deployment cannot serve a request: the settings it would have to drop (empty: it can). */
export interface CapabilityVerdict {
  readonly unsupported: readonly InferenceSettingName[];
}
