/**
 * Span attributes: the OpenTelemetry GenAI semantic conventions (`gen_ai.*`) where they fit, georoute's own
 * (`georoute.*`) for residency. Ids, regions, counts and codes only: never prompt or completion content, and never
 * an error message (an upstream's message could echo the prompt).
 */
import type { Attributes } from '@opentelemetry/api';
import type { Deployment } from '../../catalog/catalog-types.js';
import type { RequestOutcome } from '../../pipeline/request-outcome.js';
import { UpstreamFailure } from '../../providers/upstream-contract.js';

/** `gen_ai.operation.name` per event name; every inference operation today is a chat turn. */
const OPERATION_OF_EVENT: Readonly<Record<string, string>> = {
  ChatCompletions: 'chat',
  Converse: 'chat',
  ConverseStream: 'chat',
  InvokeModel: 'chat',
  InvokeModelWithResponseStream: 'chat',
  CountTokens: 'count_tokens',
  Embeddings: 'embeddings',
};

export function operationName(eventName: string): string {
  return OPERATION_OF_EVENT[eventName] ?? eventName;
}

/** `gen_ai.provider.name`: the convention's well-known value where the provider kind names one, else the kind. */
export function providerName(deployment: Deployment): string {
  switch (deployment.provider) {
    case 'bedrock':
      return 'aws.bedrock';
    case 'anthropic':
      return 'anthropic';
    default:
      return deployment.provider;
  }
}

export function requestStartAttributes(requestId: string, surface: string, eventName: string, requestedModelId: string): Attributes {
  return {
    'gen_ai.operation.name': operationName(eventName),
    'gen_ai.request.model': requestedModelId,
    'georoute.request_id': requestId,
    'georoute.surface': surface,
    'georoute.event': eventName,
  };
}

/** What the request came to, set on its span when it ends. */
export function requestOutcomeAttributes(outcome: RequestOutcome, served: Deployment | undefined): Attributes {
  const attributes: Attributes = {
    'http.response.status_code': outcome.status,
    'georoute.source_region': outcome.sourceRegionId,
    'georoute.identity': `${outcome.identity.type}:${outcome.identity.id}`,
    'georoute.attempts': outcome.attempts.length,
    'georoute.stream': outcome.stream,
  };
  if (outcome.profile) {
    attributes['georoute.profile'] = outcome.profile.id;
    attributes['georoute.profile.type'] = outcome.profile.type;
  }
  if (outcome.boundary) {
    attributes['georoute.boundary.size'] = outcome.boundary.length;
    attributes['georoute.boundary'] = [...outcome.boundary];
  }
  if (outcome.inferenceRegionId !== undefined) {
    attributes['georoute.inference_region'] = outcome.inferenceRegionId;
    attributes['georoute.spillover'] = outcome.inferenceRegionId !== outcome.sourceRegionId;
  }
  if (outcome.inferenceRegionCandidates) attributes['georoute.inference_region.candidates'] = [...outcome.inferenceRegionCandidates];
  if (served) {
    attributes['georoute.deployment'] = served.id;
    attributes['gen_ai.provider.name'] = providerName(served);
    // The model the serving deployment is configured with (the gateway does not read it back from the body).
    attributes['gen_ai.response.model'] = served.upstreamModel;
  }
  if (outcome.usage) {
    attributes['gen_ai.usage.input_tokens'] = outcome.usage.inputTokens;
    attributes['gen_ai.usage.output_tokens'] = outcome.usage.outputTokens;
  }
  if (outcome.firstTokenMs !== undefined) attributes['georoute.time_to_first_token_ms'] = outcome.firstTokenMs;
  if (outcome.affinity) attributes['georoute.session_affinity'] = outcome.affinity;
  if (outcome.error) attributes['error.type'] = outcome.error.code;
  return attributes;
}

export function attemptStartAttributes(deployment: Deployment, eventName: string, attemptNumber: number): Attributes {
  return {
    'gen_ai.operation.name': operationName(eventName),
    'gen_ai.request.model': deployment.upstreamModel,
    'gen_ai.provider.name': providerName(deployment),
    'georoute.deployment': deployment.id,
    'georoute.inference_region': deployment.regionId,
    'georoute.attempt': attemptNumber,
  };
}

/** How an attempt failed, by kind and status: the error's message is never recorded. */
export function attemptFailureAttributes(failure: unknown): Attributes {
  if (failure instanceof UpstreamFailure) {
    const attributes: Attributes = { 'error.type': failure.kind, 'georoute.attempt.outcome': failure.kind };
    if (failure.status !== undefined) attributes['http.response.status_code'] = failure.status;
    return attributes;
  }
  return { 'error.type': failure instanceof Error ? failure.name : 'error', 'georoute.attempt.outcome': 'error' };
}
