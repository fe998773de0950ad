/**
 * The catalog's models as Bedrock foundation-model summaries (ListFoundationModels, GetFoundationModel): the ARN
 * in the caller's source region, the provider named by the model id's prefix, modalities by the model's kind.
 */
import type { Model } from '../../../catalog/catalog-types.js';
import { foundationModelArn } from './inference-profile-arn.js';

const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  amazon: 'Amazon',
  anthropic: 'Anthropic',
  cohere: 'Cohere',
  meta: 'Meta',
  mistral: 'Mistral AI',
  ai21: 'AI21 Labs',
  deepseek: 'DeepSeek',
  openai: 'OpenAI',
  qwen: 'Qwen',
};

export function providerNameOf(modelId: string): string {
  const prefix = modelId.includes('.') ? modelId.slice(0, modelId.indexOf('.')) : modelId.split(/[-:]/)[0] ?? modelId;
  return PROVIDER_NAMES[prefix] ?? prefix.charAt(0).toUpperCase() + prefix.slice(1);
}

export interface FoundationModelSummary {
  modelArn: string;
  modelId: string;
  modelName: string;
  providerName: string;
  inputModalities: string[];
  outputModalities: string[];
  responseStreamingSupported: boolean;
  customizationsSupported: string[];
  inferenceTypesSupported: string[];
  modelLifecycle: { status: 'ACTIVE' };
}

export function summarizeFoundationModel(model: Model, sourceRegionId: string): FoundationModelSummary {
  const embedding = model.kind === 'embedding';
  return {
    modelArn: foundationModelArn(sourceRegionId, model.id),
    modelId: model.id,
    modelName: model.name,
    providerName: providerNameOf(model.id),
    inputModalities: ['TEXT'],
    outputModalities: [embedding ? 'EMBEDDING' : 'TEXT'],
    responseStreamingSupported: !embedding,
    customizationsSupported: [],
    inferenceTypesSupported: ['ON_DEMAND'],
    modelLifecycle: { status: 'ACTIVE' },
  };
}
