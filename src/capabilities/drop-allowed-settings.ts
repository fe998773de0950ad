/**
 * The other half of `models[].droppableSettings`: a converted request to a deployment that does not honour a
 * setting the operator allows to be dropped goes out without it, so the provider's converter (which refuses what
 * its wire cannot say, as the last line) never sees it. Only the named settings go; everything else is kept. Pure.
 */
import type { DeploymentCapabilities } from '../inference/deployment-capabilities.js';
import type { InferenceRequest } from '../inference/inference-request.js';
import type { InferenceSettingName, InferenceSettings } from '../inference/inference-settings.js';
import { isContentName, withoutContent } from './drop-allowed-content.js';

/** The requested settings a deployment does not honour and the operator allows it to drop. */
export function findDroppedSettings(
  requested: readonly InferenceSettingName[],
  capabilities: DeploymentCapabilities,
  droppable: ReadonlySet<string>,
): InferenceSettingName[] {
  return requested.filter((name) => !honoursSetting(capabilities, name) && (droppable.has(name) || droppable.has(namespaceOf(name))));
}

export function withoutSettings(request: InferenceRequest, dropped: readonly InferenceSettingName[]): InferenceRequest {
  if (dropped.length === 0) return request;
  request = withoutContent(request, dropped);
  const settings: InferenceSettings = { ...request.settings };
  const providerOptions = request.providerOptions === undefined ? undefined : Object.fromEntries(Object.entries(request.providerOptions).map(([ns, options]) => [ns, { ...options }]));
  let tools = request.tools;
  let toolChoice = request.toolChoice;
  for (const name of dropped) {
    if (name === 'tools') {
      tools = tools?.filter((tool) => tool.type !== 'function');
      toolChoice = undefined;
    } else if (name === 'toolChoice') {
      toolChoice = undefined;
    } else if (name.startsWith('providerOptions.')) {
      const [, namespace, member] = name.split('.');
      if (providerOptions?.[namespace] !== undefined) delete providerOptions[namespace][member];
    } else if (isContentName(name)) {
      continue;
    } else if (name in settings) {
      delete settings[name as keyof InferenceSettings];
    }
  }
  const out: InferenceRequest = { ...request, settings };
  if (providerOptions !== undefined) out.providerOptions = providerOptions;
  if (tools === undefined) delete out.tools;
  else out.tools = tools;
  if (toolChoice === undefined) delete out.toolChoice;
  else out.toolChoice = toolChoice;
  return out;
}

/** `providerOptions.bedrock.guardrailConfig` may also be allowed as a whole namespace (`providerOptions.bedrock`). */
/** Does a deployment with `capabilities` honour `name`, by name or by its provider-option namespace? */
export function honoursSetting(capabilities: DeploymentCapabilities, name: InferenceSettingName): boolean {
  return capabilities.honours.has(name) || (capabilities.honoursNamespaces?.has(namespaceOf(name)) ?? false);
}

export function namespaceOf(name: InferenceSettingName): string {
  const parts = name.split('.');
  return parts.length === 3 ? `${parts[0]}.${parts[1]}` : name;
}
