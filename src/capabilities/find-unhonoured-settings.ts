/**
 * No silent drops: the settings a deployment would have to drop to serve a request. A deployment that receives the
 * request in its own wire (the native pass-through) honours everything that wire can say; one that receives it
 * converted honours what its provider declares; an operator may allow more per model
 * (`models[].droppableSettings`).
 */
import type { DeploymentCapabilities } from '../inference/deployment-capabilities.js';
import type { InferenceSettingName } from '../inference/inference-settings.js';
import { honoursSetting, namespaceOf } from './drop-allowed-settings.js';

export function findUnhonouredSettings(
  requested: readonly InferenceSettingName[],
  path: { native: true } | { native: false; capabilities: DeploymentCapabilities },
  droppable: ReadonlySet<string>,
): InferenceSettingName[] {
  if (path.native) return [];
  const { capabilities } = path;
  return requested.filter((name) => !honoursSetting(capabilities, name) && !droppable.has(name) && !droppable.has(namespaceOf(name)));
}
