/**
 * Cohere Embed on InvokeModel: `{texts, input_type, truncate?, embedding_types?, output_dimension?}` ->
 * `{id, embeddings, response_type, texts}`, where `embeddings` is an array of float vectors
 * (`embeddings_floats`) or, when `embedding_types` was given, an object of them by type (`embeddings_by_type`).
 * At most 96 texts per call. A request from another wire has no `input_type`: it is embedded as
 * `search_document`, Cohere's document side (docs/api-surfaces.md says so).
 */
import { z } from 'zod';
import type { EmbeddingPurpose, EmbeddingSettings, EmbeddingType } from '../../inference/inference-embedding-request.js';
import type { EmbeddingVectors } from '../../inference/inference-embedding-result.js';
import { parseWireBody } from '../../server/parse-wire-body.js';
import type { EmbeddingInvokeCodec } from './embedding-invoke-codec.js';

/** Cohere's limit on texts per call. */
export const COHERE_MAX_TEXTS = 96;

const INPUT_TYPES = ['search_document', 'search_query', 'classification', 'clustering'] as const;
const TRUNCATE = ['NONE', 'START', 'END'] as const;
const TYPES = ['float', 'int8', 'uint8', 'binary', 'ubinary'] as const;

const cohereRequestSchema = z.object({
  texts: z.array(z.string().min(1)).min(1).max(COHERE_MAX_TEXTS),
  input_type: z.enum(INPUT_TYPES),
  truncate: z.enum(TRUNCATE).optional(),
  embedding_types: z.array(z.enum(TYPES)).min(1).optional(),
  output_dimension: z.number().int().min(1).optional(),
}).strict();

const PURPOSE_OF: Readonly<Record<(typeof INPUT_TYPES)[number], EmbeddingPurpose>> = {
  search_document: 'search-document',
  search_query: 'search-query',
  classification: 'classification',
  clustering: 'clustering',
};
const INPUT_TYPE_OF: Readonly<Record<EmbeddingPurpose, string>> = {
  'search-document': 'search_document',
  'search-query': 'search_query',
  classification: 'classification',
  clustering: 'clustering',
};
const SETTING_NAMES: Readonly<Record<string, string>> = {
  dimensions: 'output_dimension',
  embeddingTypes: 'embedding_types',
  purpose: 'input_type',
  tokenInputs: 'texts',
  multipleInputs: 'texts',
  serviceTier: 'X-Amzn-Bedrock-Service-Tier',
};

function vectors(value: unknown, what: string, count: number): number[][] {
  if (!Array.isArray(value) || value.length !== count || !value.every((v) => Array.isArray(v) && v.every((n) => typeof n === 'number'))) {
    throw new TypeError(`Cohere response: ${what} is not ${count} vectors`);
  }
  return value as number[][];
}

export const cohereEmbedInvokeCodec: EmbeddingInvokeCodec = {
  family: 'cohere-embed',
  parse(body) {
    const cohere = parseWireBody(cohereRequestSchema, body);
    const settings: EmbeddingSettings = { purpose: PURPOSE_OF[cohere.input_type] };
    if (cohere.truncate !== undefined) settings.truncate = cohere.truncate === 'NONE' ? 'none' : cohere.truncate === 'START' ? 'start' : 'end';
    if (cohere.embedding_types !== undefined) settings.embeddingTypes = cohere.embedding_types;
    if (cohere.output_dimension !== undefined) settings.dimensions = cohere.output_dimension;
    return { inputs: cohere.texts.map((text) => ({ type: 'text', text })), settings };
  },
  render(result, request) {
    const texts = request.inputs.map((input) => (input.type === 'text' ? input.text : ''));
    const id = result.id ?? '';
    const types = request.settings.embeddingTypes;
    if (types === undefined) return { id, embeddings: result.embeddings.map((v) => v.float), response_type: 'embeddings_floats', texts };
    const byType: Record<string, number[][]> = {};
    for (const type of types) byType[type] = result.embeddings.map((v) => v[type] ?? []);
    return { id, embeddings: byType, response_type: 'embeddings_by_type', texts };
  },
  settingName: (setting) => SETTING_NAMES[setting] ?? setting,
  honours: new Set(['dimensions', 'purpose', 'truncate', 'embeddingTypes', 'multipleInputs', 'serviceTier']),
  toUpstreamBodies(request) {
    const { settings } = request;
    const texts = request.inputs.map((input) => {
      if (input.type !== 'text') throw new TypeError('Cohere embeds text only');
      return input.text;
    });
    const batches: Array<{ body: Record<string, unknown>; inputs: number }> = [];
    for (let start = 0; start < texts.length; start += COHERE_MAX_TEXTS) {
      const batch = texts.slice(start, start + COHERE_MAX_TEXTS);
      batches.push({
        inputs: batch.length,
        body: {
          texts: batch,
          input_type: INPUT_TYPE_OF[settings.purpose ?? 'search-document'],
          ...(settings.truncate === undefined ? {} : { truncate: settings.truncate.toUpperCase() }),
          ...(settings.embeddingTypes === undefined ? {} : { embedding_types: settings.embeddingTypes }),
          ...(settings.dimensions === undefined ? {} : { output_dimension: settings.dimensions }),
        },
      });
    }
    return batches;
  },
  fromUpstreamAnswer(answer, inputs) {
    const { body } = answer;
    const raw = body.embeddings;
    let embeddings: EmbeddingVectors[];
    if (Array.isArray(raw)) {
      embeddings = vectors(raw, 'embeddings', inputs).map((float) => ({ float }));
    } else if (typeof raw === 'object' && raw !== null) {
      const byType = raw as Record<string, unknown>;
      const floats = byType.float === undefined ? undefined : vectors(byType.float, 'embeddings.float', inputs);
      embeddings = Array.from({ length: inputs }, (_, i) => ({ float: floats?.[i] ?? [] }));
      for (const type of TYPES) {
        if (type === 'float' || byType[type] === undefined) continue;
        vectors(byType[type], `embeddings.${type}`, inputs).forEach((vector, i) => {
          (embeddings[i] as EmbeddingVectors)[type as Exclude<EmbeddingType, 'float'>] = vector;
        });
      }
    } else {
      throw new TypeError('Cohere response: no embeddings');
    }
    return { embeddings, inputTokens: answer.headerInputTokens ?? 0, ...(typeof body.id === 'string' ? { id: body.id } : {}) };
  },
};
