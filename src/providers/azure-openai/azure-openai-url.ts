/**
 * The two Azure OpenAI URL styles for chat completions. With an `apiVersion`, the deployments style
 * (`{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...`: the deployment is in the path and
 * the body carries no `model`); without one, the v1 style (`{endpoint}/openai/v1/chat/completions`: the deployment
 * is the body's `model`). Pure.
 */
import { joinEndpointPath } from '../create-deployment-pool.js';

export interface AzureChatTarget {
  path: string;
  /** The body's `model`: the deployment name in the v1 style, absent in the deployments style. */
  model?: string;
}

export function azureChatTarget(endpoint: string, deploymentName: string, apiVersion: string | undefined): AzureChatTarget {
  if (apiVersion === undefined || apiVersion === 'v1') return { path: joinEndpointPath(endpoint, '/openai/v1/chat/completions'), model: deploymentName };
  const path = joinEndpointPath(endpoint, `/openai/deployments/${encodeURIComponent(deploymentName)}/chat/completions`);
  return { path: `${path}?api-version=${encodeURIComponent(apiVersion)}` };
}
