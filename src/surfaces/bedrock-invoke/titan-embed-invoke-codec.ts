/**
 * Amazon Titan Text Embeddings V2 on InvokeModel: `{inputText, dimensions?, normalize?, embeddingTypes?}` ->
 * `{embedding, inputTextTokenCount, embeddingsByType}`. One text per call; `embeddingTypes` are `float` and
 * `binary`; `dimensions` 256, 512 or 1024 (the model's `embedding.allowedDimensions` says which).
 */
import { z } from 'zod';
import type { EmbeddingSettings } from '../../inference/inference-embedding-request.js';
import { parseWireBody } from '../../server/parse-wire-body.js';
import type { EmbeddingInvokeCodec } from './embedding-invoke-codec.js';

const titanRequestSchema = z.object({
  inputText: z.string().min(1),
  dimensions: z.number().int().min(1).optional(),
  normalize: z.boolean().optional(),
  embeddingTypes: z.array(z.enum(['float', 'binary'])).min(1).optional(),
}).strict();

const SETTING_NAMES: Readonly<Record<string, string>> = { embeddingTypes: 'embeddingTypes', tokenInputs: 'inputText', multipleInputs: 'inputText', serviceTier: 'X-Amzn-Bedrock-Service-Tier' };

function numbers(value: unknown, what: string): number[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) throw new TypeError(`Titan response: ${what} is not an array of numbers`);
  return value;
}

export const titanEmbedInvokeCodec: EmbeddingInvokeCodec = {
  family: 'titan-embed',
  parse(body) {
    const titan = parseWireBody(titanRequestSchema, body);
    const settings: EmbeddingSettings = {};
    if (titan.dimensions !== undefined) settings.dimensions = titan.dimensions;
    if (titan.normalize !== undefined) settings.normalize = titan.normalize;
    if (titan.embeddingTypes !== undefined) settings.embeddingTypes = titan.embeddingTypes;
    return { inputs: [{ type: 'text', text: titan.inputText }], settings };
  },
  render(result, request) {
    const vectors = result.embeddings[0] ?? { float: [] };
    const types = request.settings.embeddingTypes ?? ['float'];
    const byType: Record<string, number[]> = {};
    for (const type of types) {
      const vector = vectors[type];
      if (vector !== undefined) byType[type] = vector;
    }
    return { embedding: vectors.float, inputTextTokenCount: result.inputTokens, embeddingsByType: byType };
  },
  settingName: (setting) => SETTING_NAMES[setting] ?? setting,
  honours: new Set(['dimensions', 'normalize', 'embeddingTypes', 'multipleInputs', 'serviceTier']),
  toUpstreamBodies(request) {
    const { settings } = request;
    return request.inputs.map((input) => {
      if (input.type !== 'text') throw new TypeError('Titan embeds text only');
      return {
        inputs: 1,
        body: {
          inputText: input.text,
          ...(settings.dimensions === undefined ? {} : { dimensions: settings.dimensions }),
          ...(settings.normalize === undefined ? {} : { normalize: settings.normalize }),
          ...(settings.embeddingTypes === undefined ? {} : { embeddingTypes: settings.embeddingTypes.filter((t) => t === 'float' || t === 'binary') }),
        },
      };
    });
  },
  fromUpstreamAnswer(answer) {
    const { body } = answer;
    const byType = typeof body.embeddingsByType === 'object' && body.embeddingsByType !== null ? (body.embeddingsByType as Record<string, unknown>) : {};
    const float = numbers(body.embedding ?? byType.float, 'embedding');
    const binary = byType.binary === undefined ? undefined : numbers(byType.binary, 'embeddingsByType.binary');
    const counted = typeof body.inputTextTokenCount === 'number' ? body.inputTextTokenCount : answer.headerInputTokens;
    return { embeddings: [{ float, ...(binary === undefined ? {} : { binary }) }], inputTokens: counted ?? 0 };
  },
};
